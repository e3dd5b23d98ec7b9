package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.jobs.JobService;
import dev.flowline.engine.jobs.JobSuccess;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * PutJobSuccessResult: the job is done (the action succeeds with the uploaded output artifacts and the output
 * variables) or, with a continuation token, the action stays in progress and a new job will carry the token.
 */
@Component
class PutJobSuccessResultHandler implements OperationHandler {

  private final JobService jobs;

  PutJobSuccessResultHandler(JobService jobs) {
    this.jobs = jobs;
  }

  @Override
  public String name() {
    return "PutJobSuccessResult";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    jobs.succeed(Inputs.text(input, "jobId"), success(input));
    return null;
  }

  static JobSuccess success(JsonNode input) {
    JsonNode revision = input.get("currentRevision");
    JsonNode details = input.path("executionDetails");
    Map<String, String> variables = new LinkedHashMap<>();
    input.path("outputVariables").fields().forEachRemaining(e -> variables.put(e.getKey(), e.getValue().asText()));
    return new JobSuccess(
        revision == null ? null : new JobSuccess.CurrentRevision(Inputs.text(revision, "revision"),
            Inputs.text(revision, "changeIdentifier"), Inputs.text(revision, "revisionSummary")),
        Inputs.text(input, "continuationToken"), Inputs.text(details, "summary"),
        Inputs.text(details, "externalExecutionId"), Inputs.integer(details, "percentComplete"), variables);
  }
}

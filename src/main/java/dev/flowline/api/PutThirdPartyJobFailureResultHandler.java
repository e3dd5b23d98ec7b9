package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.jobs.JobService;
import org.springframework.stereotype.Component;

/** PutThirdPartyJobFailureResult: the partner job failed; its action fails with the type and message given. */
@Component
class PutThirdPartyJobFailureResultHandler implements OperationHandler {

  private final JobService jobs;

  PutThirdPartyJobFailureResultHandler(JobService jobs) {
    this.jobs = jobs;
  }

  @Override
  public String name() {
    return "PutThirdPartyJobFailureResult";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    JsonNode failure = input.path("failureDetails");
    jobs.failThirdParty(Inputs.text(input, "jobId"), Inputs.text(input, "clientToken"), Inputs.text(failure, "type"),
        Inputs.text(failure, "message"), Inputs.text(failure, "externalExecutionId"));
    return null;
  }
}

package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.jobs.JobService;
import org.springframework.stereotype.Component;

/** PutJobFailureResult: the action fails with the worker's failure type and message. */
@Component
class PutJobFailureResultHandler implements OperationHandler {

  private final JobService jobs;

  PutJobFailureResultHandler(JobService jobs) {
    this.jobs = jobs;
  }

  @Override
  public String name() {
    return "PutJobFailureResult";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    JsonNode failure = input.path("failureDetails");
    jobs.fail(Inputs.text(input, "jobId"), Inputs.text(failure, "type"), Inputs.text(failure, "message"),
        Inputs.text(failure, "externalExecutionId"));
    return null;
  }
}

package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.jobs.JobService;
import org.springframework.stereotype.Component;

/**
 * PutThirdPartyJobSuccessResult: the partner job is done, or (with a continuation token) still running and to be
 * handed out again with the token.
 */
@Component
class PutThirdPartyJobSuccessResultHandler implements OperationHandler {

  private final JobService jobs;

  PutThirdPartyJobSuccessResultHandler(JobService jobs) {
    this.jobs = jobs;
  }

  @Override
  public String name() {
    return "PutThirdPartyJobSuccessResult";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    jobs.succeedThirdParty(Inputs.text(input, "jobId"), Inputs.text(input, "clientToken"),
        PutJobSuccessResultHandler.success(input));
    return null;
  }
}

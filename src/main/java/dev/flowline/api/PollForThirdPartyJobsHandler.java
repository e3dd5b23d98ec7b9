package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import dev.flowline.engine.jobs.JobService;
import org.springframework.stereotype.Component;

/**
 * PollForThirdPartyJobs: leases up to maxBatchSize (default 1) queued jobs of a partner (ThirdParty) action type;
 * each comes as its clientId and jobId, the details follow with GetThirdPartyJobDetails.
 */
@Component
class PollForThirdPartyJobsHandler implements OperationHandler {

  private final JobService jobs;

  PollForThirdPartyJobsHandler(JobService jobs) {
    this.jobs = jobs;
  }

  @Override
  public String name() {
    return "PollForThirdPartyJobs";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    return Map.of("jobs", jobs.pollThirdParty(CustomActionTypeInputs.actionTypeId(input.path("actionTypeId")),
        Inputs.integer(input, "maxBatchSize", 1)));
  }
}

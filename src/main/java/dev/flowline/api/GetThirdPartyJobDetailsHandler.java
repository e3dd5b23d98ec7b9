package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.jobs.Job;
import java.util.Map;
import dev.flowline.engine.jobs.JobService;
import org.springframework.stereotype.Component;

/**
 * GetThirdPartyJobDetails: a partner job's data (with its artifact credentials and secret configuration) and its
 * nonce.
 */
@Component
class GetThirdPartyJobDetailsHandler implements OperationHandler {

  private final JobService jobs;

  GetThirdPartyJobDetailsHandler(JobService jobs) {
    this.jobs = jobs;
  }

  @Override
  public String name() {
    return "GetThirdPartyJobDetails";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    Job job = jobs.thirdPartyDetails(Inputs.text(input, "jobId"), Inputs.text(input, "clientToken"));
    return Map.of("jobDetails", new Details(job.id(), job.data(), job.nonce()));
  }

  record Details(String id, Object data, String nonce) {}
}

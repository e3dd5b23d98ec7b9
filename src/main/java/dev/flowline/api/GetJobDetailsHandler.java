package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.jobs.Job;
import dev.flowline.engine.jobs.JobService;
import java.util.Map;
import org.springframework.stereotype.Component;

/** GetJobDetails: a job's data (with its artifact credentials and secret configuration), without the nonce. */
@Component
class GetJobDetailsHandler implements OperationHandler {

  private final JobService jobs;

  GetJobDetailsHandler(JobService jobs) {
    this.jobs = jobs;
  }

  @Override
  public String name() {
    return "GetJobDetails";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    Job job = jobs.details(Inputs.text(input, "jobId"));
    return Map.of("jobDetails", new Details(job.id(), job.data(), job.accountId()));
  }

  record Details(String id, Object data, String accountId) {}
}

package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.jobs.JobService;
import java.util.Map;
import org.springframework.stereotype.Component;

/** AcknowledgeJob: the worker took the job (its nonce is used up); the job is InProgress. */
@Component
class AcknowledgeJobHandler implements OperationHandler {

  private final JobService jobs;

  AcknowledgeJobHandler(JobService jobs) {
    this.jobs = jobs;
  }

  @Override
  public String name() {
    return "AcknowledgeJob";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    return Map.of("status", jobs.acknowledge(Inputs.text(input, "jobId"), Inputs.text(input, "nonce")));
  }
}

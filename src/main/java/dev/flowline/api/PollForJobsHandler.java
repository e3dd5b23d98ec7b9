package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.jobs.JobService;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** PollForJobs: leases up to maxBatchSize (default 1) queued jobs of a custom action type. */
@Component
class PollForJobsHandler implements OperationHandler {

  private final JobService jobs;

  PollForJobsHandler(JobService jobs) {
    this.jobs = jobs;
  }

  @Override
  public String name() {
    return "PollForJobs";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    Map<String, String> query = new LinkedHashMap<>();
    input.path("queryParam").fields().forEachRemaining(e -> query.put(e.getKey(), e.getValue().asText()));
    return Map.of("jobs", jobs.poll(CustomActionTypeInputs.actionTypeId(input.path("actionTypeId")),
        Inputs.integer(input, "maxBatchSize", 1), query));
  }
}

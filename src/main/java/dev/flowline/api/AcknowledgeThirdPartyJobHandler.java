package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import dev.flowline.engine.jobs.JobService;
import org.springframework.stereotype.Component;

/** AcknowledgeThirdPartyJob: the partner's worker took the job (its nonce is used up); the job is InProgress. */
@Component
class AcknowledgeThirdPartyJobHandler implements OperationHandler {

  private final JobService jobs;

  AcknowledgeThirdPartyJobHandler(JobService jobs) {
    this.jobs = jobs;
  }

  @Override
  public String name() {
    return "AcknowledgeThirdPartyJob";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    return Map.of("status", jobs.acknowledgeThirdParty(Inputs.text(input, "jobId"), Inputs.text(input, "nonce"),
        Inputs.text(input, "clientToken")));
  }
}

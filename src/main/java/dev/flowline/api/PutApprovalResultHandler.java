package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.ExecutionService;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;

/** PutApprovalResult: Approved or Rejected, with the token GetPipelineState showed; the caller is recorded. */
@Component
class PutApprovalResultHandler implements OperationHandler {

  private final ExecutionService executions;

  PutApprovalResultHandler(ExecutionService executions) {
    this.executions = executions;
  }

  @Override
  public String name() {
    return "PutApprovalResult";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    JsonNode result = input.get("result");
    Instant approvedAt = executions.putApprovalResult(Inputs.text(input, "pipelineName"),
        Inputs.text(input, "stageName"), Inputs.text(input, "actionName"), Inputs.text(input, "token"),
        Inputs.text(result, "status"), Inputs.text(result, "summary"), context.callerArn());
    return Map.of("approvedAt", approvedAt);
  }
}

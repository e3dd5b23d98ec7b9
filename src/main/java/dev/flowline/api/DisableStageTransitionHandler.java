package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.ExecutionService;
import org.springframework.stereotype.Component;

/** DisableStageTransition: holds executions in front of the stage (Inbound) or at its end (Outbound). */
@Component
class DisableStageTransitionHandler implements OperationHandler {

  private final ExecutionService executions;

  DisableStageTransitionHandler(ExecutionService executions) {
    this.executions = executions;
  }

  @Override
  public String name() {
    return "DisableStageTransition";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    executions.disableTransition(Inputs.text(input, "pipelineName"), Inputs.text(input, "stageName"),
        Inputs.text(input, "transitionType"), Inputs.text(input, "reason"), context.callerArn());
    return null;
  }
}

package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.ExecutionService;
import org.springframework.stereotype.Component;

/** EnableStageTransition: lets the latest waiting execution into the stage. */
@Component
class EnableStageTransitionHandler implements OperationHandler {

  private final ExecutionService executions;

  EnableStageTransitionHandler(ExecutionService executions) {
    this.executions = executions;
  }

  @Override
  public String name() {
    return "EnableStageTransition";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    executions.enableTransition(Inputs.text(input, "pipelineName"), Inputs.text(input, "stageName"),
        Inputs.text(input, "transitionType"), context.callerArn());
    return null;
  }
}

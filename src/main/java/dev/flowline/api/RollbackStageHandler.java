package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.ExecutionService;
import java.util.Map;
import org.springframework.stereotype.Component;

/** RollbackStage: a new ROLLBACK execution re-runs the stage with the target execution's artifacts. */
@Component
class RollbackStageHandler implements OperationHandler {

  private final ExecutionService executions;

  RollbackStageHandler(ExecutionService executions) {
    this.executions = executions;
  }

  @Override
  public String name() {
    return "RollbackStage";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String id = executions.rollbackStage(Inputs.text(input, "pipelineName"), Inputs.text(input, "stageName"),
        Inputs.text(input, "targetPipelineExecutionId"));
    return Map.of("pipelineExecutionId", id);
  }
}

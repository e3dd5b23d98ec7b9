package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.ExecutionService;
import java.util.Map;
import org.springframework.stereotype.Component;

/** StopPipelineExecution: stop and wait, or stop and abandon ({@code abandon: true}). */
@Component
class StopPipelineExecutionHandler implements OperationHandler {

  private final ExecutionService executions;

  StopPipelineExecutionHandler(ExecutionService executions) {
    this.executions = executions;
  }

  @Override
  public String name() {
    return "StopPipelineExecution";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String id = executions.stop(Inputs.text(input, "pipelineName"), Inputs.text(input, "pipelineExecutionId"),
        Inputs.bool(input, "abandon"), Inputs.text(input, "reason"));
    return Map.of("pipelineExecutionId", id);
  }
}

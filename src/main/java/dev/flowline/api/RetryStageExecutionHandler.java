package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.ExecutionService;
import java.util.Map;
import org.springframework.stereotype.Component;

/** RetryStageExecution: FAILED_ACTIONS or ALL_ACTIONS; the same execution resumes. */
@Component
class RetryStageExecutionHandler implements OperationHandler {

  private final ExecutionService executions;

  RetryStageExecutionHandler(ExecutionService executions) {
    this.executions = executions;
  }

  @Override
  public String name() {
    return "RetryStageExecution";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String id = executions.retryStage(Inputs.text(input, "pipelineName"), Inputs.text(input, "stageName"),
        Inputs.text(input, "pipelineExecutionId"), Inputs.text(input, "retryMode"));
    return Map.of("pipelineExecutionId", id);
  }
}

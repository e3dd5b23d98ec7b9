package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.ExecutionService;
import java.util.Map;
import org.springframework.stereotype.Component;

/** OverrideStageCondition: a failed BEFORE_ENTRY or ON_SUCCESS condition counts as met; the execution resumes. */
@Component
class OverrideStageConditionHandler implements OperationHandler {

  private final ExecutionService executions;

  OverrideStageConditionHandler(ExecutionService executions) {
    this.executions = executions;
  }

  @Override
  public String name() {
    return "OverrideStageCondition";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    executions.overrideStageCondition(Inputs.text(input, "pipelineName"), Inputs.text(input, "stageName"),
        Inputs.text(input, "pipelineExecutionId"), Inputs.text(input, "conditionType"));
    return Map.of();
  }
}

package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.execution.ExecutionQueries;
import org.springframework.stereotype.Component;

/** GetPipelineState: stages with their latest and inbound executions, transitions and action states. */
@Component
class GetPipelineStateHandler implements OperationHandler {

  private final Pipelines pipelines;
  private final ExecutionQueries queries;

  GetPipelineStateHandler(Pipelines pipelines, ExecutionQueries queries) {
    this.pipelines = pipelines;
    this.queries = queries;
  }

  @Override
  public String name() {
    return "GetPipelineState";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String name = Inputs.text(input, "name");
    pipelines.require(name);
    return queries.state(name);
  }
}

package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.execution.ExecutionQueries;
import org.springframework.stereotype.Component;

/**
 * GetPipelineState: stages with their latest and inbound executions, transitions and action states. The
 * read model answers PipelineNotFoundException itself, so no separate existence check is spent.
 */
@Component
class GetPipelineStateHandler implements OperationHandler {

  private final ExecutionQueries queries;

  GetPipelineStateHandler(ExecutionQueries queries) {
    this.queries = queries;
  }

  @Override
  public String name() {
    return "GetPipelineState";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    return queries.state(Inputs.text(input, "name"));
  }
}

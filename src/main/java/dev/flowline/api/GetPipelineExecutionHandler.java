package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecution;
import java.util.Map;
import org.springframework.stereotype.Component;

/** GetPipelineExecution: one execution of a pipeline. */
@Component
class GetPipelineExecutionHandler implements OperationHandler {

  private final Pipelines pipelines;
  private final ExecutionQueries queries;

  GetPipelineExecutionHandler(Pipelines pipelines, ExecutionQueries queries) {
    this.pipelines = pipelines;
    this.queries = queries;
  }

  @Override
  public String name() {
    return "GetPipelineExecution";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String pipelineName = Inputs.text(input, "pipelineName");
    String executionId = Inputs.text(input, "pipelineExecutionId");
    PipelineExecution execution = queries.execution(pipelineName, executionId).orElseGet(() -> {
      pipelines.require(pipelineName);
      throw Executions.notFound(pipelineName, executionId);
    });
    return Map.of("pipelineExecution", execution);
  }
}

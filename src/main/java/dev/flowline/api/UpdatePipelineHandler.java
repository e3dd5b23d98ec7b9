package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDeclaration;
import java.util.Map;
import org.springframework.stereotype.Component;

/** UpdatePipeline: stores and deploys version n+1; executions already running finish on their version. */
@Component
class UpdatePipelineHandler implements OperationHandler {

  private final PipelineService pipelineService;

  UpdatePipelineHandler(PipelineService pipelineService) {
    this.pipelineService = pipelineService;
  }

  @Override
  public String name() {
    return "UpdatePipeline";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    PipelineDeclaration declaration = PipelineCodec.convert(input.get("pipeline"), PipelineDeclaration.class, "pipeline");
    StoredPipeline stored = pipelineService.update(declaration);
    return Map.of("pipeline", PipelineCodec.toTree(stored.declaration()));
  }
}

package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDeclaration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * UpdatePipeline: stores and deploys version n+1; executions already running finish on their version. A secret
 * configuration value sent back as {@code ****} (as GetPipeline shows it) keeps its stored value.
 */
@Component
class UpdatePipelineHandler implements OperationHandler {

  private final PipelineService pipelineService;
  private final Pipelines pipelines;
  private final SecretConfiguration secrets;

  UpdatePipelineHandler(PipelineService pipelineService, Pipelines pipelines, SecretConfiguration secrets) {
    this.pipelineService = pipelineService;
    this.pipelines = pipelines;
    this.secrets = secrets;
  }

  @Override
  public String name() {
    return "UpdatePipeline";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    JsonNode pipeline = input.get("pipeline");
    pipelines.find(pipeline.path("name").asText(), null)
        .ifPresent(current -> secrets.restoreMasked(pipeline, current.declaration()));
    PipelineDeclaration declaration = PipelineCodec.convert(pipeline, PipelineDeclaration.class, "pipeline");
    StoredPipeline stored = pipelineService.update(declaration);
    return Map.of("pipeline", secrets.masked(stored.declaration()));
  }
}

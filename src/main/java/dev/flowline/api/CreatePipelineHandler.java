package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDocument;
import dev.flowline.pipeline.Tag;
import org.springframework.stereotype.Component;

/** CreatePipeline: stores version 1 with its tags, deploys it and starts the first execution. */
@Component
class CreatePipelineHandler implements OperationHandler {

  private final PipelineService pipelineService;
  private final SecretConfiguration secrets;

  CreatePipelineHandler(PipelineService pipelineService, SecretConfiguration secrets) {
    this.pipelineService = pipelineService;
    this.secrets = secrets;
  }

  @Override
  public String name() {
    return "CreatePipeline";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    PipelineDocument document = PipelineCodec.fromTree((ObjectNode) input);
    Inputs.refuseSystemTagKeys(document.tagsOrEmpty().stream().map(Tag::key).toList());
    StoredPipeline stored = pipelineService.create(document);
    ObjectNode output = ApiJson.object();
    output.set("pipeline", secrets.masked(stored.declaration()));
    if (!document.tagsOrEmpty().isEmpty()) {
      output.set("tags", ApiJson.tree(document.tags()));
    }
    return output;
  }
}

package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.pipeline.CodePipelineException;
import java.time.Instant;
import org.springframework.stereotype.Component;

/** GetPipeline: the declaration (latest or the given version) and its metadata. */
@Component
class GetPipelineHandler implements OperationHandler {

  private final Pipelines pipelines;
  private final SecretConfiguration secrets;

  GetPipelineHandler(Pipelines pipelines, SecretConfiguration secrets) {
    this.pipelines = pipelines;
    this.secrets = secrets;
  }

  record Output(JsonNode pipeline, Metadata metadata) {}

  record Metadata(String pipelineArn, Instant created, Instant updated) {}

  @Override
  public String name() {
    return "GetPipeline";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String name = Inputs.text(input, "name");
    Integer version = Inputs.integer(input, "version");
    StoredPipeline stored = pipelines.find(name, version).orElseGet(() -> {
      pipelines.require(name);
      throw new CodePipelineException("PipelineVersionNotFoundException",
          "Pipeline '" + name + "' does not have a version " + version);
    });
    return new Output(secrets.masked(stored.declaration()),
        new Metadata(pipelines.arnOf(stored), stored.created(), stored.updated()));
  }
}

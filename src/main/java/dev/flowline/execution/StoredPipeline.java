package dev.flowline.execution;

import dev.flowline.pipeline.PipelineDeclaration;
import java.time.Instant;

/** One version of a pipeline as stored: the declaration (its {@code version} set) and its metadata. */
public record StoredPipeline(PipelineDeclaration declaration, String pipelineArn, Instant created, Instant updated) {
  public String name() {
    return declaration.name();
  }

  public int version() {
    return declaration.version();
  }
}

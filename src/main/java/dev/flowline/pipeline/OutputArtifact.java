package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An output artifact; {@code files} (globs) only for compute actions. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OutputArtifact(String name, List<String> files) {
  public OutputArtifact(String name) {
    this(name, null);
  }
}

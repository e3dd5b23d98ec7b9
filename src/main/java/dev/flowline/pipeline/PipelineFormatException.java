package dev.flowline.pipeline;

/**
 * The text is not a pipeline declaration: malformed JSON or YAML, an unknown member or a value of the
 * wrong type. {@link #path()} names where, in the dotted form used by validation
 * ({@code pipeline.stages.1.actions.0.runOrder}).
 */
public class PipelineFormatException extends RuntimeException {
  private final String path;

  public PipelineFormatException(String path, String message) {
    super(path == null || path.isEmpty() ? message : message + " (at " + path + ")");
    this.path = path;
  }

  public String path() {
    return path;
  }
}

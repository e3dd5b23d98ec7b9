package dev.flowline.pipeline;

/**
 * A refusal a caller can act on, named as CodePipeline names it ({@code PipelineNotFoundException},
 * {@code InvalidStructureException}, ...). The API answers it as HTTP 400 with {@code __type} =
 * {@link #errorType()}; nothing was changed when it is thrown.
 */
public class CodePipelineException extends RuntimeException {
  private final String errorType;

  public CodePipelineException(String errorType, String message) {
    super(message);
    this.errorType = errorType;
  }

  public String errorType() {
    return errorType;
  }

  public static CodePipelineException pipelineNotFound(String accountId, String name) {
    return new CodePipelineException("PipelineNotFoundException",
        "Account '" + accountId + "' does not have a pipeline with name '" + name + "'");
  }
}

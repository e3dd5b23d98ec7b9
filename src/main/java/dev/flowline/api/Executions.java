package dev.flowline.api;

import dev.flowline.pipeline.CodePipelineException;

/** Errors about pipeline executions shared by several handlers. */
final class Executions {

  private Executions() {}

  static CodePipelineException notFound(String pipelineName, String executionId) {
    return new CodePipelineException("PipelineExecutionNotFoundException",
        "Pipeline execution '" + executionId + "' does not exist in pipeline '" + pipelineName + "'");
  }
}

package dev.flowline.engine;

import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionRecords.ExecutionRow;
import dev.flowline.execution.PipelineStore;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.StageDeclaration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Finds what a command names, or refuses with the exception AWS uses when it does not exist. */
@Component
class Lookups {
  private final PipelineStore pipelines;
  private final ExecutionRecords records;
  private final String accountId;

  Lookups(PipelineStore pipelines, ExecutionRecords records,
      @Value("${flowline.account-id:123456789012}") String accountId) {
    this.pipelines = pipelines;
    this.records = records;
    this.accountId = accountId;
  }

  /** The latest version; PipelineNotFoundException otherwise. */
  StoredPipeline pipeline(String name) {
    return pipelines.find(name, null).orElseThrow(() -> CodePipelineException.pipelineNotFound(accountId, name));
  }

  /** The process definition of the latest version; PipelineNotFoundException otherwise. */
  String latestDefinition(String name) {
    return pipelines.latestProcessDefinitionId(name)
        .orElseThrow(() -> CodePipelineException.pipelineNotFound(accountId, name));
  }

  /** StageNotFoundException when the pipeline has no such stage. */
  static StageDeclaration stage(PipelineDeclaration declaration, String stageName) {
    return declaration.stage(stageName).orElseThrow(() -> new CodePipelineException("StageNotFoundException",
        "Stage '" + stageName + "' was not found in pipeline '" + declaration.name() + "'"));
  }

  /** PipelineExecutionNotFoundException when the pipeline has no such execution. */
  ExecutionRow execution(String pipelineName, String executionId) {
    return records.execution(executionId).filter(e -> e.pipelineName().equals(pipelineName))
        .orElseThrow(() -> new CodePipelineException("PipelineExecutionNotFoundException",
            "Pipeline execution with id '" + executionId + "' does not exist in pipeline with name '"
                + pipelineName + "'."));
  }
}

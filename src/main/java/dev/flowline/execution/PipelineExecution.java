package dev.flowline.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** GetPipelineExecution's {@code pipelineExecution}, member for member. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineExecution(
    String pipelineName,
    Integer pipelineVersion,
    String pipelineExecutionId,
    String status,
    String statusSummary,
    List<ArtifactRevision> artifactRevisions,
    List<ResolvedPipelineVariable> variables,
    ExecutionTrigger trigger,
    String executionMode,
    String executionType,
    RollbackMetadata rollbackMetadata) {

  public record ResolvedPipelineVariable(String name, String resolvedValue) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ExecutionTrigger(String triggerType, String triggerDetail) {}

  public record RollbackMetadata(String rollbackTargetPipelineExecutionId) {}
}

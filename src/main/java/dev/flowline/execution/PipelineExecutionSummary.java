package dev.flowline.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** ListPipelineExecutions' {@code PipelineExecutionSummary}, member for member. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineExecutionSummary(
    String pipelineExecutionId,
    String status,
    String statusSummary,
    Instant startTime,
    Instant lastUpdateTime,
    List<SourceRevision> sourceRevisions,
    PipelineExecution.ExecutionTrigger trigger,
    StopExecutionTrigger stopTrigger,
    String executionMode,
    String executionType,
    PipelineExecution.RollbackMetadata rollbackMetadata) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record SourceRevision(String actionName, String revisionId, String revisionSummary, String revisionUrl) {}

  public record StopExecutionTrigger(String reason) {}
}

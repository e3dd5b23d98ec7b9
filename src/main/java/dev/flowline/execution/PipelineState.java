package dev.flowline.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** GetPipelineState's output, member for member. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineState(
    String pipelineName,
    Integer pipelineVersion,
    List<StageState> stageStates,
    Instant created,
    Instant updated) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StageState(
      String stageName,
      StageExecution inboundExecution,
      List<StageExecution> inboundExecutions,
      TransitionState inboundTransitionState,
      List<ActionState> actionStates,
      StageExecution latestExecution,
      StageConditionState beforeEntryConditionState,
      StageConditionState onSuccessConditionState,
      StageConditionState onFailureConditionState,
      RetryStageMetadata retryStageMetadata) {}

  /** The latest evaluation of one kind of stage condition. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StageConditionState(StageConditionsExecution latestExecution, List<ConditionState> conditionStates) {}

  public record StageConditionsExecution(String status, String summary) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConditionState(ConditionExecution latestExecution, List<RuleState> ruleStates) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ConditionExecution(String status, String summary, Instant lastStatusChange) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RuleState(String ruleName, RuleExecution latestExecution) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RuleExecution(String status, String summary, Instant lastStatusChange) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RetryStageMetadata(Integer autoStageRetryAttempt, Integer manualStageRetryAttempt,
      String latestRetryTrigger) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StageExecution(String pipelineExecutionId, String status, String type) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TransitionState(Boolean enabled, String lastChangedBy, Instant lastChangedAt, String disabledReason) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ActionState(
      String actionName,
      ActionRevision currentRevision,
      ActionExecution latestExecution,
      String entityUrl,
      String revisionUrl) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ActionRevision(String revisionId, String revisionChangeId, Instant created) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ActionExecution(
      String actionExecutionId,
      String status,
      String summary,
      Instant lastStatusChange,
      String token,
      String lastUpdatedBy,
      String externalExecutionId,
      String externalExecutionUrl,
      Integer percentComplete,
      ErrorDetails errorDetails) {}

  public record ErrorDetails(String code, String message) {}
}

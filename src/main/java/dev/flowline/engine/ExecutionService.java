package dev.flowline.engine;

import java.time.Instant;

/**
 * Commands on executions. Each either succeeds or throws {@link dev.flowline.pipeline.CodePipelineException}
 * with AWS's exception name, changing nothing.
 */
public interface ExecutionService {

  /** Starts an execution and returns its id (a repeated clientRequestToken returns the first id). */
  String start(String pipelineName, StartRequest request);

  String stop(String pipelineName, String pipelineExecutionId, boolean abandon, String reason);

  String retryStage(String pipelineName, String stageName, String pipelineExecutionId, String retryMode);

  /** Starts a ROLLBACK execution that re-runs the stage with the target execution's artifacts and variables. */
  String rollbackStage(String pipelineName, String stageName, String targetPipelineExecutionId);

  /** A failed BEFORE_ENTRY or ON_SUCCESS condition counts as met and the execution resumes at the stage. */
  void overrideStageCondition(String pipelineName, String stageName, String pipelineExecutionId, String conditionType);

  /** Approves or rejects a waiting manual approval; returns when it was recorded. */
  Instant putApprovalResult(String pipelineName, String stageName, String actionName, String token,
      String status, String summary, String who);

  void disableTransition(String pipelineName, String stageName, String transitionType, String reason, String who);

  void enableTransition(String pipelineName, String stageName, String transitionType, String who);
}

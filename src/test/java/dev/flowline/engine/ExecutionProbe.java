package dev.flowline.engine;

import static org.awaitility.Awaitility.await;

import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecution;
import dev.flowline.execution.PipelineExecutionSummary;
import dev.flowline.execution.PipelineState;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Waits for what a test expects to see in the read model, failing with the current state if it never comes. */
final class ExecutionProbe {
  static final Duration PATIENCE = Duration.ofSeconds(60);
  private final ExecutionQueries queries;
  private final String pipeline;

  ExecutionProbe(ExecutionQueries queries, String pipeline) {
    this.queries = queries;
    this.pipeline = pipeline;
  }

  String status(String executionId) {
    return queries.execution(pipeline, executionId).map(PipelineExecution::status).orElse(null);
  }

  void awaitStatus(String executionId, String status) {
    await().atMost(PATIENCE).alias("execution " + executionId + " reaches " + status)
        .until(() -> status(executionId), status::equals);
  }

  /** The status of the stage's latest execution, if it is {@code executionId}'s. */
  Optional<String> stageStatus(String stage, String executionId) {
    return stageState(stage).map(PipelineState.StageState::latestExecution)
        .filter(e -> e.pipelineExecutionId().equals(executionId)).map(PipelineState.StageExecution::status);
  }

  void awaitStage(String stage, String executionId, String status) {
    await().atMost(PATIENCE).alias(executionId + " is " + status + " in " + stage)
        .until(() -> stageStatus(stage, executionId).orElse(null), s -> Objects.equals(s, status));
  }

  Optional<PipelineState.StageState> stageState(String stage) {
    return queries.state(pipeline).stageStates().stream().filter(s -> s.stageName().equals(stage)).findFirst();
  }

  /** Executions waiting in front of the stage, oldest first. */
  List<String> inbound(String stage) {
    return stageState(stage).map(PipelineState.StageState::inboundExecutions).orElse(List.of()).stream()
        .map(PipelineState.StageExecution::pipelineExecutionId).toList();
  }

  void awaitInbound(String stage, List<String> executionIds) {
    await().atMost(PATIENCE).alias(executionIds + " wait in front of " + stage)
        .until(() -> inbound(stage), executionIds::equals);
  }

  List<PipelineExecutionSummary> executions() {
    return queries.executions(pipeline, null, 0, 1000);
  }
}

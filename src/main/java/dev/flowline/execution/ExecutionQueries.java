package dev.flowline.execution;

import java.util.List;
import java.util.Optional;

/**
 * Reads the execution records: what GetPipelineExecution, ListPipelineExecutions, GetPipelineState and
 * ListActionExecutions answer. Never touches the engine; every call is a few indexed queries, and a page of a
 * history costs the same wherever it lies in that history (keyset pages, {@link HistoryCursor}).
 */
public interface ExecutionQueries {

  Optional<PipelineExecution> execution(String pipelineName, String pipelineExecutionId);

  /**
   * A page of a pipeline's executions, newest first: the newest {@code limit} without a cursor, else the
   * {@code limit} next to the cursor on its side. {@code succeededInStage} filters to executions that succeeded in
   * that stage (null: all).
   */
  HistoryPage<PipelineExecutionSummary> executionPage(String pipelineName, String succeededInStage,
      HistoryCursor cursor, int limit);

  /** The newest executions, skipping {@code offset}: reads {@code offset + limit} rows, so for the first few only. */
  default List<PipelineExecutionSummary> executions(String pipelineName, String succeededInStage, int offset, int limit) {
    List<PipelineExecutionSummary> newest = executionPage(pipelineName, succeededInStage, null, offset + limit).items();
    return newest.subList(Math.min(offset, newest.size()), newest.size());
  }

  /** The pipeline's state; the pipeline must exist. */
  PipelineState state(String pipelineName);

  /**
   * A page of a pipeline's action executions, newest first, optionally of one execution only, as
   * {@link #executionPage}. An action that a FAILED_ACTIONS retry did not run again appears once, as in AWS.
   */
  HistoryPage<ActionExecutionDetail> actionExecutionPage(String pipelineName, String pipelineExecutionId,
      HistoryCursor cursor, int limit);

  /** The newest action executions, skipping {@code offset}: for the first few only, as {@link #executions}. */
  default List<ActionExecutionDetail> actionExecutions(String pipelineName, String pipelineExecutionId, int offset,
      int limit) {
    List<ActionExecutionDetail> newest = actionExecutionPage(pipelineName, pipelineExecutionId, null, offset + limit)
        .items();
    return newest.subList(Math.min(offset, newest.size()), newest.size());
  }
}

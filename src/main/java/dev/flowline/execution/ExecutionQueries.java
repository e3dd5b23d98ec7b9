package dev.flowline.execution;

import java.util.List;
import java.util.Optional;

/**
 * Reads the execution records: what GetPipelineExecution, ListPipelineExecutions, GetPipelineState and
 * ListActionExecutions answer. Never touches the engine; every call is a few indexed queries.
 */
public interface ExecutionQueries {

  Optional<PipelineExecution> execution(String pipelineName, String pipelineExecutionId);

  /**
   * Executions of a pipeline, newest first. {@code succeededInStage} filters to executions that
   * succeeded in that stage (null: all). Returns at most {@code limit} from {@code offset}.
   */
  List<PipelineExecutionSummary> executions(String pipelineName, String succeededInStage, int offset, int limit);

  /** The pipeline's state; the pipeline must exist. */
  PipelineState state(String pipelineName);

  /**
   * Action executions of a pipeline, newest first, optionally of one execution only. An action that a
   * FAILED_ACTIONS retry did not run again appears once, as in AWS.
   */
  List<ActionExecutionDetail> actionExecutions(String pipelineName, String pipelineExecutionId, int offset, int limit);
}

package dev.flowline.engine;

import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionRecords.ExecutionRow;
import dev.flowline.execution.ExecutionStatus;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Stopping executions. Stop and abandon ends the process instance now, marking running actions
 * Abandoned. Stop and wait lets running actions finish: the execution stays Stopping, no new action is
 * run, and the last running action to report ends it as Stopped.
 */
@Component
class StopCoordinator {
  private static final Logger log = LoggerFactory.getLogger(StopCoordinator.class);
  private final ExecutionRecords records;
  private final RuntimeService runtime;

  StopCoordinator(ExecutionRecords records, @Lazy RuntimeService runtime) {
    this.records = records;
    this.runtime = runtime;
  }

  void abandon(ExecutionRow execution) {
    records.finishOpenActions(execution.id(), ExecutionStatus.ABANDONED, "Abandoned: the execution was stopped");
    finish(execution);
  }

  /** Ends a Stopping execution once no action of it is running. */
  void finishIfIdle(String executionId) {
    ExecutionRow execution = records.execution(executionId).orElse(null);
    if (execution == null || !ExecutionStatus.STOPPING.equals(execution.status())) {
      return;
    }
    if (records.runningActions(executionId) > 0) {
      return;
    }
    records.finishOpenActions(executionId, ExecutionStatus.ABANDONED, "Not started: the execution was stopped");
    finish(execution);
  }

  boolean isStopping(String executionId) {
    return records.status(executionId).filter(ExecutionStatus.STOPPING::equals).isPresent();
  }

  private void finish(ExecutionRow execution) {
    records.finishOpenStages(execution.id(), ExecutionStatus.STOPPED);
    records.setExecutionStatus(execution.id(), ExecutionStatus.STOPPED, "Execution was stopped", null);
    if (runtime.createProcessInstanceQuery().processInstanceId(execution.processInstanceId()).count() > 0) {
      runtime.deleteProcessInstance(execution.processInstanceId(), "Stopped", false, true);
    }
    log.info("Execution {} of {} stopped", execution.id(), execution.pipelineName());
  }
}

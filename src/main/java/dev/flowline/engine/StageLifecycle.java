package dev.flowline.engine;

import dev.flowline.compiler.ElementRef;
import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionStatus;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Stage listeners: a stage sub-process starting, completing, or failing (its error boundary). A completed
 * or failed stage gives its lock to the next waiting execution in the same transaction.
 */
@Component
class StageLifecycle {
  private final ExecutionRecords records;
  private final PipelineModels models;
  private final StageGate gate;

  StageLifecycle(ExecutionRecords records, PipelineModels models, StageGate gate) {
    this.records = records;
    this.models = models;
    this.gate = gate;
  }

  void started(DelegateExecution execution) {
    PipelineModel model = models.forDefinition(execution.getProcessDefinitionId());
    ElementRef stage = model.element(execution.getCurrentActivityId());
    records.stageStarted(execution.getProcessBusinessKey(), model.name(), stage.stageName());
  }

  /** The stage sub-process ends; when it was cancelled (failure boundary, stop) others record why. */
  void ended(DelegateExecution execution) {
    if (execution.isCanceled()) {
      return;
    }
    PipelineModel model = models.forDefinition(execution.getProcessDefinitionId());
    ElementRef stage = model.element(execution.getCurrentActivityId());
    records.stageFinished(execution.getProcessBusinessKey(), stage.stageName(), ExecutionStatus.SUCCEEDED);
    gate.release(model.name(), stage.stageName(), execution.getProcessBusinessKey(), model.declaration());
  }

  /** The stage's error boundary caught a failed action: the stage and the execution fail. */
  void failed(DelegateExecution execution) {
    PipelineModel model = models.forDefinition(execution.getProcessDefinitionId());
    ElementRef boundary = model.element(execution.getCurrentActivityId());
    String executionId = execution.getProcessBusinessKey();
    records.stageFinished(executionId, boundary.stageName(), ExecutionStatus.FAILED);
    records.finishOpenActions(executionId, ExecutionStatus.FAILED,
        "Stopped because another action in stage " + boundary.stageName() + " failed");
    records.finishExecution(executionId, ExecutionStatus.FAILED,
        "Execution failed in stage " + boundary.stageName());
    gate.release(model.name(), boundary.stageName(), executionId, model.declaration());
  }
}

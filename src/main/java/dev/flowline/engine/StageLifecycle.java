package dev.flowline.engine;

import dev.flowline.compiler.ElementRef;
import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionStatus;
import org.camunda.bpm.engine.delegate.BpmnError;
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
  private final StageRecovery recovery;
  private final ConditionChecks conditions;

  StageLifecycle(ExecutionRecords records, PipelineModels models, StageGate gate, StageRecovery recovery,
      ConditionChecks conditions) {
    this.conditions = conditions;
    this.records = records;
    this.models = models;
    this.gate = gate;
    this.recovery = recovery;
  }

  void started(DelegateExecution execution) {
    PipelineModel model = models.forDefinition(execution.getProcessDefinitionId());
    ElementRef stage = model.element(execution.getCurrentActivityId());
    String executionId = execution.getProcessBusinessKey();
    records.stageStarted(executionId, model.name(), stage.stageName());
    var unmet = conditions.unmetResult(model, stage.stageName(), executionId, ConditionChecks.BEFORE_ENTRY);
    if (unmet.filter("SKIP"::equals).isPresent()) {
      records.stageFinished(executionId, stage.stageName(), ExecutionStatus.SKIPPED);
    } else if (unmet.isPresent()) {
      throw new BpmnError(ActionLifecycle.ACTION_FAILED, "The entry condition of stage " + stage.stageName()
          + " was not met");
    }
  }

  /** The stage's last step before it ends: its onSuccess condition, if it has one. */
  void completing(DelegateExecution execution) {
    PipelineModel model = models.forDefinition(execution.getProcessDefinitionId());
    String stageName = stageOf(model, execution);
    if (conditions.unmetResult(model, stageName, execution.getProcessBusinessKey(), ConditionChecks.ON_SUCCESS)
        .isPresent()) {
      throw new BpmnError(ActionLifecycle.ACTION_FAILED, "The success condition of stage " + stageName + " was not met");
    }
  }

  private static String stageOf(PipelineModel model, DelegateExecution execution) {
    String stageId = ((org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity) execution).getActivity()
        .getFlowScope().getId();
    return model.element(stageId).stageName();
  }

  /** The stage sub-process ends; when it was cancelled (failure boundary, stop) others record why. */
  void ended(DelegateExecution execution) {
    if (execution.isCanceled()) {
      return;
    }
    PipelineModel model = models.forDefinition(execution.getProcessDefinitionId());
    ElementRef stage = model.element(execution.getCurrentActivityId());
    if (!model.mayBeSkipped(stage.stageName()) || !records.stageStatus(execution.getProcessBusinessKey(),
        stage.stageName()).filter(ExecutionStatus.SKIPPED::equals).isPresent()) {
      records.stageFinished(execution.getProcessBusinessKey(), stage.stageName(), ExecutionStatus.SUCCEEDED);
    }
    gate.release(model.name(), stage.stageName(), execution.getProcessBusinessKey(), model.declaration());
  }

  /** The stage's error boundary caught a failed action: the stage and the execution fail. */
  void failed(DelegateExecution execution) {
    PipelineModel model = models.forDefinition(execution.getProcessDefinitionId());
    ElementRef boundary = model.element(execution.getCurrentActivityId());
    String executionId = execution.getProcessBusinessKey();
    // actions, then the stage, then the execution: the order a worker's step takes the rows in, and the order
    // their notifications leave in
    records.finishOpenActions(executionId, ExecutionStatus.FAILED,
        "Stopped because another action in stage " + boundary.stageName() + " failed");
    records.stageFinished(executionId, boundary.stageName(), ExecutionStatus.FAILED);
    records.finishExecution(executionId, ExecutionStatus.FAILED,
        "Execution failed in stage " + boundary.stageName());
    gate.release(model.name(), boundary.stageName(), executionId, model.declaration());
    recovery.afterFailure(model, boundary.stageName(), executionId);
  }
}

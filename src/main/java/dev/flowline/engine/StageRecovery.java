package dev.flowline.engine;

import dev.flowline.compiler.Kind;
import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionRecords.ExecutionRow;
import dev.flowline.execution.ExecutionStatus;
import dev.flowline.execution.PipelineStore;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.FailureConditions;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.StageDeclaration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Retrying and rolling back stages. A retry restarts the ended process instance of the same execution at
 * the stage's gate (Camunda's process-instance restart keeps the business key, so the execution id and
 * its history stay); FAILED_ACTIONS reuses the outcome of actions that already succeeded. A rollback is a
 * new ROLLBACK execution started at the stage's gate, reading the target execution's artifacts and variables.
 */
@Component
class StageRecovery {
  private static final Logger log = LoggerFactory.getLogger(StageRecovery.class);
  private final PipelineStore pipelines;
  private final ExecutionRecords records;
  private final PipelineModels models;
  private final RuntimeService runtime;
  private final HistoryService history;
  private final EngineTransactions transactions;
  private final ConditionChecks conditions;
  private final dev.flowline.execution.ConditionRecords conditionRecords;
  private final Lookups lookups;
  private final Executor automatic = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "flowline-stage-recovery");
    thread.setDaemon(true);
    return thread;
  });

  StageRecovery(PipelineStore pipelines, ExecutionRecords records, PipelineModels models, @Lazy RuntimeService runtime,
      @Lazy HistoryService history, EngineTransactions transactions, ConditionChecks conditions,
      dev.flowline.execution.ConditionRecords conditionRecords, Lookups lookups) {
    this.pipelines = pipelines;
    this.records = records;
    this.models = models;
    this.runtime = runtime;
    this.history = history;
    this.transactions = transactions;
    this.conditions = conditions;
    this.conditionRecords = conditionRecords;
    this.lookups = lookups;
  }

  String retry(String pipelineName, String stageName, String executionId, String retryMode, boolean automatic) {
    StoredPipeline pipeline = lookups.pipeline(pipelineName);
    Lookups.stage(pipeline.declaration(), stageName);
    ExecutionRow execution = lookups.execution(pipelineName, executionId);
    String stageStatus = records.stageStatus(executionId, stageName).orElse(null);
    boolean ended = ExecutionStatus.FAILED.equals(execution.status()) || ExecutionStatus.STOPPED.equals(execution.status());
    boolean stageRetryable = ExecutionStatus.FAILED.equals(stageStatus) || ExecutionStatus.STOPPED.equals(stageStatus);
    if (!ended || !stageRetryable || execution.pipelineVersion() != pipeline.version()) {
      throw new CodePipelineException("StageNotRetryableException", "Unable to retry. The pipeline structure or stage "
          + "state might have changed while actions awaited retry, or the stage contains no failed actions.");
    }
    if (!records.latestInStage(pipelineName, stageName).map(executionId::equals).orElse(false)) {
      throw new CodePipelineException("NotLatestPipelineExecutionException", "The stage has failed in a later run of "
          + "the pipeline and the pipelineExecutionId associated with the request is out of date.");
    }
    HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
        .processInstanceId(execution.processInstanceId()).singleResult();
    if (instance == null) {
      // Camunda's history of the execution has passed its time to live; Flowline's records outlive it
      throw new CodePipelineException("StageNotRetryableException", "Unable to retry. The execution is older than "
          + "the engine's history time to live, so it can no longer be restarted.");
    }
    String gate = models.forDefinition(instance.getProcessDefinitionId()).compiled().idOf(Kind.GATE, stageName, null);
    records.retrying(executionId, stageName, retryMode, automatic);
    runtime.restartProcessInstances(instance.getProcessDefinitionId()).startBeforeActivity(gate)
        .processInstanceIds(execution.processInstanceId()).execute();
    log.info("Execution {} of {} retries stage {} ({})", executionId, pipelineName, stageName, retryMode);
    return executionId;
  }

  /**
   * OverrideStageCondition: a failed entry or success condition counts as met. The execution, which failed
   * on it, resumes at the stage (actions that already succeeded are not run again).
   */
  String overrideCondition(String pipelineName, String stageName, String executionId, String conditionType) {
    StoredPipeline pipeline = lookups.pipeline(pipelineName);
    Lookups.stage(pipeline.declaration(), stageName);
    lookups.execution(pipelineName, executionId);
    if (!conditionRecords.status(executionId, stageName, conditionType).filter("Failed"::equals).isPresent()) {
      throw new CodePipelineException("ConditionNotOverridableException",
          "Unable to override because the condition does not allow overrides.");
    }
    conditionRecords.override(executionId, stageName, conditionType);
    return retry(pipelineName, stageName, executionId, "FAILED_ACTIONS", false);
  }

  String rollback(String pipelineName, String stageName, String targetId, String triggerType, String who) {
    StoredPipeline pipeline = lookups.pipeline(pipelineName);
    PipelineDeclaration declaration = pipeline.declaration();
    Lookups.stage(declaration, stageName);
    ExecutionRow target = lookups.execution(pipelineName, targetId);
    if (target.pipelineVersion() != pipeline.version()) {
      throw new CodePipelineException("PipelineExecutionOutdatedException", "The specified pipeline execution is "
          + "outdated and cannot be used as a target pipeline execution for rollback.");
    }
    String reason = null;
    if (declaration.stagesOrEmpty().get(0).name().equals(stageName)) {
      reason = "a source stage cannot be rolled back";
    } else if ("PARALLEL".equals(declaration.effectiveExecutionMode())) {
      reason = "stage rollback is not available in PARALLEL mode";
    } else if ("ROLLBACK".equals(target.executionType())) {
      reason = "the target execution is itself a rollback";
    } else if (!ExecutionStatus.SUCCEEDED.equals(records.stageStatus(targetId, stageName).orElse(null))) {
      reason = "the target execution did not succeed in stage " + stageName;
    } else if ("ManualRollback".equals(triggerType) && records.inProgressInStage(pipelineName, stageName) > 0) {
      reason = "the stage is currently running";
    }
    if (reason != null) {
      throw new CodePipelineException("UnableToRollbackStageException", "Unable to roll back the stage: " + reason + ".");
    }
    Map<String, Object> variables = new HashMap<>(target.variables());
    variables.put(ExecutionLifecycle.TRIGGER_TYPE, Variables.stringValue(triggerType, true));
    variables.put(ExecutionLifecycle.TRIGGER_DETAIL, Variables.stringValue(who, true));
    variables.put(ExecutionLifecycle.EXECUTION_TYPE, Variables.stringValue("ROLLBACK", true));
    variables.put(ExecutionLifecycle.ROLLBACK_TARGET, Variables.stringValue(targetId, true));
    String definitionId = pipelines.processDefinitionId(pipelineName, pipeline.version()).orElseThrow();
    String gate = models.forDefinition(definitionId).compiled().idOf(Kind.GATE, stageName, null);
    String executionId = UUID.randomUUID().toString();
    runtime.createProcessInstanceById(definitionId).businessKey(executionId).setVariables(variables)
        .startBeforeActivity(gate).execute();
    log.info("Rollback execution {} of {} re-runs stage {} with the artifacts of {}", executionId, pipelineName,
        stageName, targetId);
    return executionId;
  }

  /**
   * Called in the transaction where a stage failed: once it commits (the instance has ended), applies the
   * stage's onFailure result — one automatic RETRY, or a ROLLBACK to the last execution that succeeded there.
   */
  void afterFailure(PipelineModel model, String stageName, String executionId) {
    PipelineDeclaration declaration = model.declaration();
    FailureConditions onFailure = declaration.stage(stageName).map(StageDeclaration::onFailure).orElse(null);
    String result = onFailure == null ? null : onFailure.result();
    if (result == null && onFailure != null && onFailure.conditions() != null) {
      result = conditions.unmetResult(model, stageName, executionId, ConditionChecks.ON_FAILURE).orElse(null);
    }
    if (result == null && conditionFailedWithRollback(model, stageName, executionId)) {
      result = "ROLLBACK";
    }
    if (result == null) {
      return;
    }
    String pipeline = declaration.name();
    String chosen = result;
    Runnable recovery;
    if ("RETRY".equals(result)) {
      if (records.autoRetryAttempts(executionId, stageName) > 0) {
        return;
      }
      String mode = onFailure == null || onFailure.retryConfiguration() == null
          || onFailure.retryConfiguration().retryMode() == null
          ? "FAILED_ACTIONS" : onFailure.retryConfiguration().retryMode();
      recovery = () -> retry(pipeline, stageName, executionId, mode, true);
    } else if ("ROLLBACK".equals(result)) {
      var target = records.lastSucceededInStage(pipeline, declaration.version(), stageName, executionId);
      if (target.isEmpty()) {
        return;
      }
      recovery = () -> rollback(pipeline, stageName, target.get(), "AutomatedRollback", "onFailure");
    } else {
      return;
    }
    Context.getCommandContext().getTransactionContext().addTransactionListener(TransactionState.COMMITTED,
        context -> automatic.execute(() -> {
          try {
            transactions.run(recovery);
          } catch (RuntimeException e) {
            log.warn("Automatic {} of stage {} in {} failed: {}", chosen, stageName, executionId,
                e.getMessage());
          }
        }));
  }

  /** The stage failed because its onSuccess condition was not met and that condition's result is ROLLBACK. */
  private boolean conditionFailedWithRollback(PipelineModel model, String stageName, String executionId) {
    StageDeclaration stage = model.stage(stageName);
    return stage.onSuccess() != null && stage.onSuccess().conditions() != null
        && stage.onSuccess().conditions().stream().anyMatch(c -> "ROLLBACK".equals(c.result()))
        && conditionRecords.status(executionId, stageName, ConditionChecks.ON_SUCCESS)
            .filter("Failed"::equals).isPresent();
  }



}

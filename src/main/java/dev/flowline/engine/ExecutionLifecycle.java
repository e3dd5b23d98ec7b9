package dev.flowline.engine;

import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionRecords.NewExecution;
import dev.flowline.execution.ExecutionStatus;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.PipelineVariableDeclaration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * Process-level listeners: a starting process instance becomes a pipeline execution record (whoever
 * started it: the API, a trigger or a plain /engine-rest call), and an ending one settles its status and
 * gives back its stage locks.
 */
@Component
class ExecutionLifecycle {
  /** Transient start variables the API passes; a plain engine-rest start simply has none. */
  static final String TRIGGER_TYPE = "flowlineTriggerType";
  static final String TRIGGER_DETAIL = "flowlineTriggerDetail";
  static final String CLIENT_REQUEST_TOKEN = "flowlineClientRequestToken";
  static final String EXECUTION_TYPE = "flowlineExecutionType";
  static final String ROLLBACK_TARGET = "flowlineRollbackTarget";
  /** Cockpit: readable pipeline context on each process instance (none of it secret). */
  static final String PIPELINE_EXECUTION_ID = "pipelineExecutionId";
  static final String PIPELINE_VERSION = "pipelineVersion";
  static final String TRIGGER = "trigger";

  private final ExecutionRecords records;
  private final PipelineModels models;
  private final StageGate gate;
  private final IdentityService identity;

  ExecutionLifecycle(ExecutionRecords records, PipelineModels models, StageGate gate, @Lazy IdentityService identity) {
    this.records = records;
    this.models = models;
    this.gate = gate;
    this.identity = identity;
  }

  void started(DelegateExecution execution) {
    PipelineModel model = models.forDefinition(execution.getProcessDefinitionId());
    String executionId = execution.getProcessBusinessKey();
    if (executionId == null || executionId.isBlank()) {
      executionId = UUID.randomUUID().toString();
      execution.setProcessBusinessKey(executionId);
    }
    var existing = records.execution(executionId);
    if (existing.isPresent()) {
      if (existing.get().retryStage() == null || !ExecutionStatus.IN_PROGRESS.equals(existing.get().status())) {
        throw new CodePipelineException("ValidationException",
            "Pipeline execution " + executionId + " already exists; start without a business key");
      }
      records.restarted(executionId, execution.getProcessInstanceId());
      return;
    }
    Map<String, String> variables = resolveVariables(model, execution);
    String triggerType = stringVariable(execution, TRIGGER_TYPE);
    String triggerDetail = stringVariable(execution, TRIGGER_DETAIL);
    if (triggerType == null) {
      triggerType = "StartPipelineExecution";
      triggerDetail = caller();
    }
    String executionType = stringVariable(execution, EXECUTION_TYPE);
    records.insertExecution(new NewExecution(executionId, model.name(), model.version(),
        execution.getProcessInstanceId(), triggerType, triggerDetail, model.executionMode(),
        executionType == null ? "STANDARD" : executionType, stringVariable(execution, ROLLBACK_TARGET),
        stringVariable(execution, CLIENT_REQUEST_TOKEN), variables, List.of()));
    execution.setVariable(PIPELINE_EXECUTION_ID, executionId);
    execution.setVariable(PIPELINE_VERSION, model.version());
    execution.setVariable(TRIGGER, triggerDetail == null ? triggerType : triggerType + " (" + triggerDetail + ")");
  }

  /** Declared defaults overlaid with the values the starter passed as process variables of the same name. */
  private static Map<String, String> resolveVariables(PipelineModel model, DelegateExecution execution) {
    Map<String, String> resolved = new LinkedHashMap<>();
    for (PipelineVariableDeclaration declared : model.declaration().variablesOrEmpty()) {
      Object given = execution.getVariable(declared.name());
      String value = given != null ? given.toString() : declared.defaultValue();
      if (value == null || value.isEmpty()) {
        throw new CodePipelineException("ValidationException",
            "Pipeline variable '" + declared.name() + "' has no default value and no value was given at start");
      }
      resolved.put(declared.name(), value);
    }
    return resolved;
  }

  void succeeded(DelegateExecution execution) {
    records.finishExecution(execution.getProcessBusinessKey(), ExecutionStatus.SUCCEEDED, null);
  }

  /** The process instance ended: normally, at a failure end, or because it was deleted (stop, supersede). */
  void ended(DelegateExecution execution) {
    if (!execution.isCanceled()) {
      // an instance that reached an end event waits nowhere, and every stage it held released itself when
      // it completed or failed
      return;
    }
    String executionId = execution.getProcessBusinessKey();
    PipelineModel model = models.forDefinition(execution.getProcessDefinitionId());
    // action rows, stage rows, then the execution row: the order an action worker's step takes them in, so a
    // stop that races a worker's report queues behind it instead of deadlocking with it
    records.finishOpenActions(executionId, ExecutionStatus.ABANDONED, "Abandoned: the execution was stopped");
    records.finishOpenStages(executionId, ExecutionStatus.STOPPED);
    records.finishExecution(executionId, ExecutionStatus.STOPPED, "Execution was cancelled in the engine");
    gate.leaveAll(model.name(), executionId, model.declaration());
  }

  private String caller() {
    Authentication authentication = identity.getCurrentAuthentication();
    return authentication == null ? "engine-rest" : authentication.getUserId();
  }

  private static String stringVariable(DelegateExecution execution, String name) {
    Object value = execution.getVariable(name);
    return value == null ? null : value.toString();
  }
}

package dev.flowline.engine;

import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionRecords.ExecutionRow;
import dev.flowline.execution.ExecutionRecords.RevisionOverride;
import dev.flowline.execution.ExecutionStatus;
import dev.flowline.execution.PipelineStore;
import dev.flowline.execution.StageLocks;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineVariableDeclaration;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.Variables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Starts, stops and steers executions through the engine; the records follow from the process's listeners. */
@Service
class DefaultExecutionService implements ExecutionService {
  private final ExecutionRecords records;
  private final StageLocks locks;
  private final StageGate gate;
  private final StopCoordinator stops;
  private final StageRecovery recovery;
  private final RuntimeService runtime;
  private final TaskService tasks;
  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final EngineTransactions transactions;
  private final Lookups lookups;
  private final PipelineModels models;
  private final PipelineDeployer deployer;
  private final PipelineStore pipelines;
  private static final Logger log = LoggerFactory.getLogger(DefaultExecutionService.class);

  DefaultExecutionService(ExecutionRecords records, StageLocks locks, StageGate gate,
      StopCoordinator stops, StageRecovery recovery, RuntimeService runtime, TaskService tasks, JdbcTemplate jdbc, Clock clock,
      EngineTransactions transactions, Lookups lookups, PipelineModels models, PipelineDeployer deployer,
      PipelineStore pipelines) {
    this.models = models;
    this.deployer = deployer;
    this.pipelines = pipelines;
    this.records = records;
    this.locks = locks;
    this.gate = gate;
    this.stops = stops;
    this.recovery = recovery;
    this.runtime = runtime;
    this.tasks = tasks;
    this.jdbc = jdbc;
    this.clock = clock;
    this.transactions = transactions;
    this.lookups = lookups;
  }

  @Override
  public String start(String pipelineName, StartRequest request) {
    return onPipeline(pipelineName, () -> startInTransaction(pipelineName, request));
  }

  String startInTransaction(String pipelineName, StartRequest request) {
    // one indexed query; the declaration comes from the engine's per-definition cache, not parsed per start
    String definitionId = lookups.latestDefinition(pipelineName);
    if (!deployer.isDeployed(definitionId)) {
      definitionId = redeployLatest(pipelineName);
    }
    PipelineDeclaration declaration = models.forDefinition(definitionId).declaration();
    if (request.clientRequestToken() != null) {
      var existing = records.executionIdForToken(pipelineName, request.clientRequestToken());
      if (existing.isPresent()) {
        return existing.get();
      }
    }
    Map<String, Object> variables = new HashMap<>();
    Set<String> declared = declaration.variablesOrEmpty().stream()
        .map(PipelineVariableDeclaration::name).collect(Collectors.toSet());
    if (request.variables() != null) {
      request.variables().forEach((name, value) -> {
        if (!declared.contains(name)) {
          throw new CodePipelineException("ValidationException",
              "Variable '" + name + "' is not declared in pipeline '" + pipelineName + "'");
        }
        variables.put(name, value);
      });
    }
    variables.put(ExecutionLifecycle.TRIGGER_TYPE, Variables.stringValue(request.triggerType(), true));
    variables.put(ExecutionLifecycle.TRIGGER_DETAIL, Variables.stringValue(request.triggerDetail(), true));
    if (request.clientRequestToken() != null) {
      variables.put(ExecutionLifecycle.CLIENT_REQUEST_TOKEN, Variables.stringValue(request.clientRequestToken(), true));
    }
    List<RevisionOverride> overrides = sourceRevisionOverrides(declaration, request);
    String executionId = UUID.randomUUID().toString();
    runtime.createProcessInstanceById(definitionId).businessKey(executionId).setVariables(variables).execute();
    if (!overrides.isEmpty()) {
      // The start listener has written the execution record; actions run after this transaction commits.
      records.sourceRevisionOverrides(executionId, overrides);
    }
    return executionId;
  }

  /**
   * An administrator may delete a pipeline's deployment in Cockpit or over /engine-rest; the stored
   * declaration is the truth, so the latest version is compiled and deployed again rather than failing
   * every start. The pipeline row lock makes concurrent starts repair it once.
   */
  private String redeployLatest(String pipelineName) {
    pipelines.lockLatestVersion(pipelineName);
    String definitionId = lookups.latestDefinition(pipelineName);
    if (deployer.isDeployed(definitionId)) {
      return definitionId;
    }
    StoredPipeline pipeline = lookups.pipeline(pipelineName);
    String redeployed = deployer.deploy(pipeline.declaration());
    pipelines.replaceProcessDefinition(pipelineName, pipeline.declaration().version(), redeployed);
    log.warn("Pipeline {} version {}: its deployment was deleted; deployed it again from the stored declaration",
        pipelineName, pipeline.declaration().version());
    return redeployed;
  }

  private static List<RevisionOverride> sourceRevisionOverrides(PipelineDeclaration declaration, StartRequest request) {
    if (request.sourceRevisions() == null) {
      return List.of();
    }
    Set<String> sourceActions = declaration.stagesOrEmpty().stream().limit(1)
        .flatMap(stage -> stage.actionsOrEmpty().stream()).map(ActionDeclaration::name).collect(Collectors.toSet());
    return request.sourceRevisions().stream().map(o -> {
      if (!sourceActions.contains(o.actionName())) {
        throw new CodePipelineException("ValidationException", "sourceRevisions names '" + o.actionName()
            + "', which is not a source action of pipeline '" + declaration.name() + "'");
      }
      return new RevisionOverride(o.actionName(), o.revisionType(), o.revisionValue());
    }).toList();
  }

  @Override
  public String stop(String pipelineName, String executionId, boolean abandon, String reason) {
    return onPipeline(pipelineName, () -> stopInTransaction(pipelineName, executionId, abandon, reason));
  }

  private String stopInTransaction(String pipelineName, String executionId, boolean abandon, String reason) {
    lookups.pipeline(pipelineName);
    ExecutionRow execution = lookups.execution(pipelineName, executionId);
    if (ExecutionStatus.STOPPING.equals(execution.status()) && !abandon) {
      throw new CodePipelineException("DuplicatedStopRequestException", "The pipeline execution is already in a "
          + "Stopping state. If you already chose to stop and wait, you cannot make that request again. You can "
          + "choose to stop and abandon now.");
    }
    if (!ExecutionStatus.IN_PROGRESS.equals(execution.status()) && !ExecutionStatus.STOPPING.equals(execution.status())) {
      throw new CodePipelineException("PipelineExecutionNotStoppableException", "Unable to stop the pipeline "
          + "execution. The execution might already be in a Stopped state, or it might no longer be in progress.");
    }
    records.lockOpenActions(executionId);
    records.stopping(executionId, reason == null ? "" : reason);
    if (abandon) {
      stops.abandon(execution);
    } else {
      stops.finishIfIdle(executionId);
    }
    return executionId;
  }

  @Override
  public String retryStage(String pipelineName, String stageName, String executionId, String retryMode) {
    return onPipeline(pipelineName, () -> recovery.retry(pipelineName, stageName, executionId, retryMode, false));
  }

  @Override
  public void overrideStageCondition(String pipelineName, String stageName, String executionId, String conditionType) {
    onPipeline(pipelineName, () -> {
      recovery.overrideCondition(pipelineName, stageName, executionId, conditionType);
      return null;
    });
  }

  @Override
  public String rollbackStage(String pipelineName, String stageName, String targetPipelineExecutionId) {
    return onPipeline(pipelineName, () -> recovery.rollback(pipelineName, stageName, targetPipelineExecutionId,
        "ManualRollback", null));
  }

  @Override
  public Instant putApprovalResult(String pipelineName, String stageName, String actionName, String token,
      String status, String summary, String who) {
    return onPipeline(pipelineName, () -> approve(pipelineName, stageName, actionName, token, status, summary, who));
  }

  private Instant approve(String pipelineName, String stageName, String actionName, String token,
      String status, String summary, String who) {
    StoredPipeline pipeline = lookups.pipeline(pipelineName);
    var stage = Lookups.stage(pipeline.declaration(), stageName);
    stage.action(actionName).orElseThrow(() -> new CodePipelineException("ActionNotFoundException",
        "Action '" + actionName + "' was not found in stage '" + stageName + "' of pipeline '" + pipelineName + "'"));
    var action = records.actionByToken(pipelineName, token)
        .filter(a -> a.stageName().equals(stageName) && a.actionName().equals(actionName))
        .orElseThrow(() -> new CodePipelineException("InvalidApprovalTokenException",
            "The approval request already received a response or has expired."));
    if (!ExecutionStatus.IN_PROGRESS.equals(action.status())) {
      throw new CodePipelineException("ApprovalAlreadyCompletedException",
          "The approval action has already been approved or rejected.");
    }
    Task task = taskOf(action);
    if (task == null) {
      throw new CodePipelineException("InvalidApprovalTokenException",
          "The approval request already received a response or has expired.");
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put(ActionLifecycle.APPROVED, "Approved".equals(status));
    variables.put(ActionLifecycle.APPROVAL_SUMMARY, summary == null ? "" : summary);
    tasks.setVariablesLocal(task.getId(), variables);
    if (who != null) {
      tasks.setAssignee(task.getId(), who);
    }
    tasks.complete(task.getId());
    return clock.instant();
  }

  /** The user task of the approval {@code token} names in {@code pipelineName}, if it still waits. */
  Optional<Task> approvalTask(String pipelineName, String token) {
    return records.actionByToken(pipelineName, token).map(this::taskOf);
  }

  private Task taskOf(ExecutionRecords.ActionRow action) {
    ExecutionRow execution = records.execution(action.executionId()).orElseThrow();
    return tasks.createTaskQuery().processInstanceId(execution.processInstanceId())
        .activityInstanceIdIn(activityInstanceOf(action.id())).singleResult();
  }

  private String activityInstanceOf(String actionExecutionId) {
    return jdbc.queryForObject("SELECT activity_instance_id FROM flowline_action_execution WHERE id = ?",
        String.class, actionExecutionId);
  }

  @Override
  public void disableTransition(String pipelineName, String stageName, String transitionType, String reason, String who) {
    onPipeline(pipelineName, () -> {
      disable(pipelineName, stageName, transitionType, reason, who);
      return null;
    });
  }

  private void disable(String pipelineName, String stageName, String transitionType, String reason, String who) {
    StoredPipeline pipeline = lookups.pipeline(pipelineName);
    Lookups.stage(pipeline.declaration(), stageName);
    locks.lock(pipelineName, stageName);
    locks.setTransition(pipelineName, stageName, transitionType, false, reason, who, clock.millis());
  }

  @Override
  public void enableTransition(String pipelineName, String stageName, String transitionType, String who) {
    onPipeline(pipelineName, () -> {
      enable(pipelineName, stageName, transitionType, who);
      return null;
    });
  }

  private void enable(String pipelineName, String stageName, String transitionType, String who) {
    StoredPipeline pipeline = lookups.pipeline(pipelineName);
    Lookups.stage(pipeline.declaration(), stageName);
    locks.lock(pipelineName, stageName);
    locks.setTransition(pipelineName, stageName, transitionType, true, null, who, clock.millis());
    PipelineDeclaration declaration = pipeline.declaration();
    String gated = stageName;
    if ("Outbound".equals(transitionType)) {
      var stages = declaration.stagesOrEmpty();
      int index = stages.indexOf(Lookups.stage(declaration, stageName));
      if (index + 1 >= stages.size()) {
        return;
      }
      gated = stages.get(index + 1).name();
    }
    gate.reconsider(pipelineName, gated, declaration);
  }

  /**
   * Runs one command on one pipeline in one transaction (see {@link EngineTransactions}). A command that failed
   * for any reason other than a refusal while a concurrent DeletePipeline removed the pipeline (its stage lock
   * rows or its process definition gone under it) answers what it would have answered a moment later:
   * PipelineNotFoundException.
   */
  private <T> T onPipeline(String pipelineName, Supplier<T> command) {
    try {
      return transactions.run(command);
    } catch (CodePipelineException refused) {
      throw refused;
    } catch (RuntimeException e) {
      lookups.pipeline(pipelineName);
      throw e;
    }
  }

  void deleteRecords(String pipelineName) {
    records.cancelInFlight(pipelineName);
    for (String table : new String[] {"flowline_action_execution", "flowline_stage_execution",
        "flowline_pipeline_execution"}) {
      jdbc.update("DELETE FROM " + table + " WHERE pipeline_name = ?", pipelineName);
    }
  }
}

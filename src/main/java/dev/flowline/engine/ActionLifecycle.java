package dev.flowline.engine;

import dev.flowline.actions.BuiltInActionTypes;
import dev.flowline.actions.approval.ApprovalNotice;
import dev.flowline.compiler.BpmnContract;
import dev.flowline.actions.ActionLogs;
import dev.flowline.compiler.ElementRef;
import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionRecords.ActionOutcome;
import dev.flowline.execution.ExecutionRecords.ExecutionRow;
import dev.flowline.execution.ExecutionRecords.NewAction;
import dev.flowline.execution.ExecutionStatus;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.VariableReferences;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.springframework.stereotype.Component;

/**
 * Action listeners: an action activity starting (a job for the workers), and the manual approval's user
 * task being created, completed or timing out.
 */
@Component
class ActionLifecycle {
  static final String ACTION_FAILED = BpmnContract.ACTION_FAILED;
  static final String APPROVED = "approved";
  static final String APPROVAL_SUMMARY = "approvalSummary";
  /** The Tasklist form's required choice, "Approve" or "Reject"; PutApprovalResult sets {@link #APPROVED}. */
  static final String DECISION = "decision";
  /** Cockpit: the running action's execution id and the link to its log, local to the action's execution. */
  static final String ACTION_EXECUTION_ID = "actionExecutionId";
  static final String ACTION_LOG_LINK = "actionLogLink";

  private final ExecutionRecords records;
  private final PipelineModels models;
  private final VariableScope variables;
  private final WorkerSignal workers;
  private final org.camunda.bpm.engine.TaskService tasks;
  private final java.util.concurrent.Executor skipper = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "flowline-skipped-approvals");
    thread.setDaemon(true);
    return thread;
  });

  private final ApprovalNotifier notifier;
  private final Clock clock;

  ActionLifecycle(ExecutionRecords records, PipelineModels models, VariableScope variables, WorkerSignal workers,
      @org.springframework.context.annotation.Lazy org.camunda.bpm.engine.TaskService tasks, ApprovalNotifier notifier,
      Clock clock) {
    this.tasks = tasks;
    this.notifier = notifier;
    this.clock = clock;
    this.records = records;
    this.models = models;
    this.variables = variables;
    this.workers = workers;
  }

  /** An external-task action starts: record it and wake the workers once the job is committed. */
  void actionStarted(DelegateExecution execution) {
    PipelineModel model = models.forDefinition(execution.getProcessDefinitionId());
    ElementRef action = model.element(execution.getCurrentActivityId());
    if (inSkippedStage(model, execution.getProcessBusinessKey(), action.stageName())) {
      afterCommit(workers::signal);
      return;
    }
    String actionExecutionId = UUID.randomUUID().toString();
    records.insertAction(new NewAction(actionExecutionId, execution.getProcessBusinessKey(), model.name(),
        model.version(), action.stageName(), action.actionName(), execution.getActivityInstanceId(), null));
    // Readable in Cockpit while the action runs; local to the action's execution, so parallel actions never
    // write the same variable row
    execution.setVariableLocal(ACTION_EXECUTION_ID, actionExecutionId);
    execution.setVariableLocal(ACTION_LOG_LINK, ActionLogs.url(actionExecutionId));
    afterCommit(workers::signal);
  }

  private boolean inSkippedStage(PipelineModel model, String executionId, String stageName) {
    return model.mayBeSkipped(stageName)
        && records.stageStatus(executionId, stageName).filter(ExecutionStatus.SKIPPED::equals).isPresent();
  }

  private static void afterCommit(Runnable step) {
    Context.getCommandContext().getTransactionContext()
        .addTransactionListener(TransactionState.COMMITTED, context -> step.run());
  }

  /** The approval's user task is created: record the action with its approval token, fill in the form. */
  void approvalCreated(DelegateTask task) {
    DelegateExecution execution = task.getExecution();
    PipelineModel model = models.forDefinition(execution.getProcessDefinitionId());
    ElementRef ref = model.element(task.getTaskDefinitionKey());
    ActionDeclaration action = model.action(ref.stageName(), ref.actionName());
    String executionId = execution.getProcessBusinessKey();
    if (inSkippedStage(model, executionId, ref.stageName())) {
      String taskId = task.getId();
      afterCommit(() -> skipper.execute(() -> tasks.complete(taskId, java.util.Map.of(APPROVED, true))));
      return;
    }
    String token = UUID.randomUUID().toString();
    String actionExecutionId = UUID.randomUUID().toString();
    records.insertAction(new NewAction(actionExecutionId, executionId, model.name(), model.version(),
        ref.stageName(), ref.actionName(), execution.getActivityInstanceId(), token));
    ExecutionRow row = records.execution(executionId).orElseThrow();
    var lookup = variables.lookup(model, row);
    // what ListActionExecutions and the console show as the approval's input, as for every other action
    Map<String, String> resolved = new LinkedHashMap<>();
    action.configurationOrEmpty().forEach((key, value) -> resolved.put(key, resolveQuietly(value, lookup)));
    records.actionInput(actionExecutionId, resolved, List.of());
    String customData = action.configurationOrEmpty().get("CustomData");
    String link = action.configurationOrEmpty().get("ExternalEntityLink");
    // Tasklist's generated form reads its fields from the task's execution, not from task-local variables
    execution.setVariableLocal("approvalCustomData", resolveQuietly(customData, lookup));
    execution.setVariableLocal("approvalLink", resolveQuietly(link, lookup));
    // the pipeline's console page, which Tasklist's approval form links to (config/ApprovalFormEngine)
    execution.setVariableLocal("approvalConsoleLink", "/console/pipelines/"
        + java.net.URLEncoder.encode(model.name(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
    task.setDescription(resolveQuietly(customData, lookup));
    task.setName(taskName(model.name(), ref.stageName(), ref.actionName(), executionId));
    String topic = action.configurationOrEmpty().get("NotificationArn");
    if (topic != null && !topic.isBlank()) {
      Duration timeout = action.timeoutInMinutes() != null ? Duration.ofMinutes(action.timeoutInMinutes())
          : BuiltInActionTypes.MANUAL_APPROVAL.defaultTimeout();
      ApprovalNotice notice = new ApprovalNotice(resolveQuietly(topic, lookup).strip(), model.name(), executionId,
          ref.stageName(), ref.actionName(), token, Instant.now(clock).plus(timeout),
          emptyToNull(resolveQuietly(link, lookup)), emptyToNull(resolveQuietly(customData, lookup)));
      afterCommit(() -> notifier.approvalStarted(notice));
    }
  }

  private static String emptyToNull(String text) {
    return text.isEmpty() ? null : text;
  }

  /** Tasklist's list shows the name: which pipeline, stage and execution waits for this approval. */
  static String taskName(String pipeline, String stage, String action, String executionId) {
    String name = "Approve " + pipeline + " · " + stage + " / " + action + " · execution " + executionId;
    return name.length() <= 255 ? name : name.substring(0, 254) + "…";
  }

  private static String resolveQuietly(String text, java.util.function.BiFunction<String, String,
      java.util.Optional<String>> lookup) {
    if (text == null) {
      return "";
    }
    try {
      return VariableReferences.resolve(text, lookup);
    } catch (VariableReferences.UnresolvedVariableException e) {
      return text;
    }
  }

  /** Approved: the action succeeds. Rejected: it fails, and the stage's error boundary fails the stage. */
  void approvalCompleted(DelegateTask task) {
    DelegateExecution execution = task.getExecution();
    PipelineModel model = models.forDefinition(execution.getProcessDefinitionId());
    ElementRef ref = model.element(task.getTaskDefinitionKey());
    if (inSkippedStage(model, execution.getProcessBusinessKey(), ref.stageName())) {
      return;
    }
    var action = records.latestAction(execution.getProcessBusinessKey(), ref.stageName(), ref.actionName())
        .orElseThrow();
    Object decision = task.getVariable(DECISION);
    boolean approved = decision != null ? "Approve".equals(decision) : Boolean.TRUE.equals(task.getVariable(APPROVED));
    Object summaryValue = task.getVariable(APPROVAL_SUMMARY);
    String summary = summaryValue == null || summaryValue.toString().isBlank() ? null : summaryValue.toString();
    String approver = task.getAssignee() != null ? task.getAssignee() : currentUser();
    if (approved) {
      records.actionOutcome(action.id(), new ActionOutcome(ExecutionStatus.SUCCEEDED, summary == null ? "Approved" : summary,
          null, null, null, null, null, null, null, null, null, null, null, null, approver));
      return;
    }
    String message = summary == null ? "Rejected" : summary;
    records.actionOutcome(action.id(), new ActionOutcome(ExecutionStatus.FAILED, message, null, null, "JobFailed",
        "Approval was rejected" + (approver == null ? "" : " by " + approver) + ": " + message,
        null, null, null, null, null, null, null, null, approver));
    throw new BpmnError(ACTION_FAILED, "Approval " + ref.actionName() + " was rejected");
  }

  private static String currentUser() {
    var authentication = Context.getCommandContext().getAuthentication();
    return authentication == null ? null : authentication.getUserId();
  }

  /** The approval's timer fired before anyone answered. */
  void approvalTimedOut(DelegateExecution execution) {
    PipelineModel model = models.forDefinition(execution.getProcessDefinitionId());
    ElementRef ref = model.element(execution.getCurrentActivityId());
    records.latestAction(execution.getProcessBusinessKey(), ref.stageName(), ref.actionName())
        .filter(a -> ExecutionStatus.IN_PROGRESS.equals(a.status()))
        .ifPresent(a -> records.actionOutcome(a.id(), ActionOutcome.failed("JobFailed",
            "The approval request expired before anyone approved or rejected it", "Approval timed out")));
  }
}

package dev.flowline.web;

import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionStatus;
import dev.flowline.execution.HistoryCursor;
import dev.flowline.execution.HistoryPage;
import dev.flowline.execution.PipelineExecution;
import dev.flowline.execution.PipelineExecutionSummary;
import dev.flowline.execution.PipelineQueries;
import dev.flowline.execution.PipelineState;
import dev.flowline.execution.PipelineSummary;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.StageDeclaration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What the console's pages show, read from the same views as GetPipelineState, ListPipelineExecutions,
 * GetPipelineExecution and ListActionExecutions answer: the console never keeps a state of its own.
 */
@Component
class ConsoleViews {
  static final int HISTORY_PAGE = 50;
  private final PipelineQueries pipelines;
  private final ExecutionQueries executions;
  private final ExecutionRecords records;
  private final String webappPath;

  ConsoleViews(PipelineQueries pipelines, ExecutionQueries executions, ExecutionRecords records,
      @Value("${camunda.bpm.webapp.application-path:/camunda}") String webappPath) {
    this.pipelines = pipelines;
    this.executions = executions;
    this.records = records;
    this.webappPath = webappPath;
  }

  /** A row of the pipelines list. */
  record PipelineRow(PipelineSummary pipeline, PipelineExecutionSummary latest, List<StageStatus> stages) {}

  record StageStatus(String name, String status) {}

  List<PipelineRow> pipelineRows() {
    List<PipelineRow> rows = new ArrayList<>();
    for (PipelineSummary summary : pipelines.list()) {
      PipelineState state;
      try {
        state = executions.state(summary.name());
      } catch (RuntimeException deletedMeanwhile) {
        continue;
      }
      PipelineExecutionSummary latest = executions.executions(summary.name(), null, 0, 1).stream().findFirst().orElse(null);
      List<StageStatus> stages = state.stageStates().stream()
          .map(s -> new StageStatus(s.stageName(), s.latestExecution() == null ? null : s.latestExecution().status()))
          .toList();
      rows.add(new PipelineRow(summary, latest, stages));
    }
    return rows;
  }

  /** The pipeline page: its stored version, its state and its running executions. */
  record PipelineView(StoredPipeline pipeline, PipelineState state, List<StageView> stages,
      List<PipelineExecutionSummary> running, PipelineExecutionSummary latest) {}

  record StageView(PipelineState.StageState state, List<ActionView> actions, boolean first, String previous,
      List<String> rollbackTargets) {
    public String status() {
      return state.latestExecution() == null ? null : state.latestExecution().status();
    }

    public String executionId() {
      return state.latestExecution() == null ? null : state.latestExecution().pipelineExecutionId();
    }

    public boolean transitionEnabled() {
      return state.inboundTransitionState() == null || !Boolean.FALSE.equals(state.inboundTransitionState().enabled());
    }

    public boolean retryable() {
      return ExecutionStatus.FAILED.equals(status()) || ExecutionStatus.STOPPED.equals(status());
    }

    public List<PipelineState.StageExecution> waiting() {
      List<PipelineState.StageExecution> waiting = new ArrayList<>();
      if (state.inboundExecutions() != null) {
        waiting.addAll(state.inboundExecutions());
      } else if (state.inboundExecution() != null) {
        waiting.add(state.inboundExecution());
      }
      return waiting;
    }
  }

  record ActionView(PipelineState.ActionState state, String provider, boolean approval, String customData,
      String externalEntityLink) {
    public PipelineState.ActionExecution latest() {
      return state.latestExecution();
    }

    public String status() {
      return latest() == null ? null : latest().status();
    }

    public boolean waitingForApproval() {
      return approval && latest() != null && ExecutionStatus.IN_PROGRESS.equals(latest().status())
          && latest().token() != null;
    }
  }

  Optional<PipelineView> pipeline(String name) {
    Optional<StoredPipeline> stored = pipelines.find(name, null);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    PipelineState state = executions.state(name);
    Map<String, StageDeclaration> declared = new LinkedHashMap<>();
    stored.get().declaration().stages().forEach(stage -> declared.put(stage.name(), stage));
    List<StageView> stages = new ArrayList<>();
    String previous = null;
    for (PipelineState.StageState stage : state.stageStates()) {
      StageDeclaration declaration = declared.get(stage.stageName());
      List<ActionView> actions = new ArrayList<>();
      for (PipelineState.ActionState action : stage.actionStates()) {
        ActionDeclaration actionDeclaration = declaration == null ? null : declaration.actions().stream()
            .filter(a -> a.name().equals(action.actionName())).findFirst().orElse(null);
        String provider = actionDeclaration == null ? "" : actionDeclaration.actionTypeId().category() + " · "
            + actionDeclaration.actionTypeId().provider();
        boolean approval = actionDeclaration != null && "Approval".equals(actionDeclaration.actionTypeId().category());
        Map<String, String> configuration = actionDeclaration == null || actionDeclaration.configuration() == null
            ? Map.of() : actionDeclaration.configuration();
        String link = configuration.get("ExternalEntityLink");
        String customData = approval ? resolvedCustomData(name, action).orElse(configuration.get("CustomData")) : null;
        actions.add(new ActionView(action, provider, approval, customData,
            link != null && (link.startsWith("https://") || link.startsWith("http://")) ? link : null));
      }
      List<String> rollbackTargets = previous == null ? List.of()
          : executions.executions(name, stage.stageName(), 0, 5).stream()
              .filter(e -> !"ROLLBACK".equals(e.executionType()))
              .map(PipelineExecutionSummary::pipelineExecutionId).toList();
      stages.add(new StageView(stage, actions, previous == null, previous, rollbackTargets));
      previous = stage.stageName();
    }
    List<PipelineExecutionSummary> recent = executions.executions(name, null, 0, 20);
    List<PipelineExecutionSummary> running = recent.stream()
        .filter(e -> ExecutionStatus.IN_PROGRESS.equals(e.status()) || ExecutionStatus.STOPPING.equals(e.status()))
        .toList();
    return Optional.of(new PipelineView(stored.get(), state, stages, running, recent.isEmpty() ? null : recent.get(0)));
  }

  /** An approval's request as its execution resolved it ({@code #{BuildVariables.BUILD_ID}} replaced). */
  private Optional<String> resolvedCustomData(String pipeline, PipelineState.ActionState action) {
    PipelineState.ActionExecution latest = action.latestExecution();
    if (latest == null || latest.actionExecutionId() == null) {
      return Optional.empty();
    }
    String executionId = records.action(latest.actionExecutionId()).map(ExecutionRecords.ActionRow::executionId)
        .orElse(null);
    if (executionId == null) {
      return Optional.empty();
    }
    return executions.actionExecutions(pipeline, executionId, 0, 1000).stream()
        .filter(a -> latest.actionExecutionId().equals(a.actionExecutionId()))
        .map(a -> a.input() == null || a.input().resolvedConfiguration() == null ? null
            : a.input().resolvedConfiguration().get("CustomData"))
        .filter(value -> value != null).findFirst();
  }

  /**
   * A page of the execution history, the one ListPipelineExecutions reads: the newest without a cursor, else the
   * page next to the cursor that a link of an earlier page carries. Empty when the pipeline does not exist; a
   * cursor that is not one of the console's (edited, cut, another pipeline's) is refused.
   */
  Optional<HistoryPage<PipelineExecutionSummary>> history(String name, String cursorToken) {
    if (pipelines.find(name, null).isEmpty()) {
      return Optional.empty();
    }
    HistoryCursor cursor = cursorToken == null || cursorToken.isEmpty() ? null
        : HistoryCursor.parse(cursorToken, historyScope(name)).orElseThrow(
            () -> new IllegalArgumentException("That page link is not one of this history's; start from the newest."));
    return Optional.of(executions.executionPage(name, null, cursor, HISTORY_PAGE));
  }

  /** What a history link's cursor is bound to: this console page of this pipeline. */
  static String historyScope(String name) {
    return "console-history|" + name;
  }

  /** The execution page: the execution, its stages in the pipeline's order with their action executions. */
  record ExecutionView(PipelineExecution execution, List<StageRun> stages, List<ActionExecutionDetail> timeline,
      String cockpitUrl) {}

  record StageRun(String name, String status, Instant start, Instant end, List<ActionExecutionDetail> actions) {}

  Optional<ExecutionView> execution(String name, String executionId) {
    Optional<PipelineExecution> execution = executions.execution(name, executionId);
    if (execution.isEmpty()) {
      return Optional.empty();
    }
    List<ActionExecutionDetail> actions = executions.actionExecutions(name, executionId, 0, 1000);
    List<String> order = pipelines.find(name, execution.get().pipelineVersion())
        .map(p -> p.declaration().stages().stream().map(StageDeclaration::name).toList()).orElse(List.of());
    Map<String, List<ActionExecutionDetail>> byStage = new LinkedHashMap<>();
    order.forEach(stage -> byStage.put(stage, new ArrayList<>()));
    List<ActionExecutionDetail> timeline = actions.stream()
        .sorted(Comparator.comparing(ActionExecutionDetail::startTime, Comparator.nullsLast(Comparator.naturalOrder())))
        .toList();
    timeline.forEach(a -> byStage.computeIfAbsent(a.stageName(), s -> new ArrayList<>()).add(a));
    List<StageRun> stages = new ArrayList<>();
    byStage.forEach((stage, run) -> stages.add(new StageRun(stage, stageStatus(run),
        run.stream().map(ActionExecutionDetail::startTime).filter(t -> t != null).min(Comparator.naturalOrder()).orElse(null),
        run.stream().map(ActionExecutionDetail::lastUpdateTime).filter(t -> t != null).max(Comparator.naturalOrder()).orElse(null),
        run)));
    String cockpit = ExecutionStatus.isFinal(execution.get().status()) ? null : cockpitUrl(executionId).orElse(null);
    return Optional.of(new ExecutionView(execution.get(), stages, timeline, cockpit));
  }

  /** The Cockpit page of the execution's process instance while it runs (Cockpit shows only running ones). */
  Optional<String> cockpitUrl(String executionId) {
    return records.execution(executionId).map(row -> webappPath + "/app/cockpit/default/#/process-instance/"
        + row.processInstanceId() + "/runtime");
  }

  /** The stage's status from the latest attempt of each of its actions ({@code attempts} oldest first). */
  private static String stageStatus(List<ActionExecutionDetail> attempts) {
    Map<String, ActionExecutionDetail> latest = new LinkedHashMap<>();
    attempts.forEach(a -> latest.put(a.actionName(), a));
    List<ActionExecutionDetail> run = List.copyOf(latest.values());
    if (run.isEmpty()) {
      return null;
    }
    if (run.stream().anyMatch(a -> ExecutionStatus.FAILED.equals(a.status()))) {
      return ExecutionStatus.FAILED;
    }
    if (run.stream().anyMatch(a -> !ExecutionStatus.isFinal(a.status()))) {
      return ExecutionStatus.IN_PROGRESS;
    }
    return run.stream().allMatch(a -> ExecutionStatus.SUCCEEDED.equals(a.status())) ? ExecutionStatus.SUCCEEDED
        : run.get(run.size() - 1).status();
  }

  /** The pipeline an action execution belongs to, if it exists. */
  Optional<ExecutionRecords.ActionRow> action(String actionExecutionId) {
    return records.action(actionExecutionId);
  }
}

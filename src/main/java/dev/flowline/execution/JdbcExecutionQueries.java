package dev.flowline.execution;

import dev.flowline.execution.PipelineExecution.ExecutionTrigger;
import dev.flowline.execution.PipelineExecution.ResolvedPipelineVariable;
import dev.flowline.execution.PipelineExecution.RollbackMetadata;
import dev.flowline.execution.PipelineExecutionSummary.SourceRevision;
import dev.flowline.execution.PipelineExecutionSummary.StopExecutionTrigger;
import dev.flowline.execution.PipelineState.ActionExecution;
import dev.flowline.execution.PipelineState.ActionRevision;
import dev.flowline.execution.PipelineState.ActionState;
import dev.flowline.execution.PipelineState.ErrorDetails;
import dev.flowline.execution.PipelineState.StageExecution;
import dev.flowline.execution.PipelineState.StageState;
import dev.flowline.execution.PipelineState.TransitionState;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.StageDeclaration;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The read model over Flowline's tables: a handful of indexed queries per call, no engine involved. */
@Repository
public class JdbcExecutionQueries implements ExecutionQueries {
  private final JdbcTemplate jdbc;
  private final PipelineStore pipelines;
  private final String accountId;

  public JdbcExecutionQueries(JdbcTemplate jdbc, PipelineStore pipelines,
      @org.springframework.beans.factory.annotation.Value("${flowline.account-id:123456789012}") String accountId) {
    this.jdbc = jdbc;
    this.pipelines = pipelines;
    this.accountId = accountId;
  }

  private static final String EXECUTION_COLUMNS = "SELECT id, pipeline_name, pipeline_version, status, status_summary, "
      + "trigger_type, trigger_detail, execution_mode, execution_type, rollback_target, stop_reason, variables, "
      + "source_revisions, start_time, last_update_time FROM flowline_pipeline_execution ";

  @Override
  public Optional<PipelineExecution> execution(String pipelineName, String pipelineExecutionId) {
    return jdbc.query(EXECUTION_COLUMNS + "WHERE pipeline_name = ? AND id = ?", (rs, i) -> {
      String id = rs.getString("id");
      List<ResolvedPipelineVariable> variables = Json.stringMap(rs.getString("variables")).entrySet().stream()
          .map(e -> new ResolvedPipelineVariable(e.getKey(), e.getValue())).toList();
      return new PipelineExecution(rs.getString("pipeline_name"), rs.getInt("pipeline_version"), id,
          rs.getString("status"), rs.getString("status_summary"), artifactRevisions(id),
          variables.isEmpty() ? null : variables, trigger(rs), rs.getString("execution_mode"),
          rs.getString("execution_type"), rollback(rs));
    }, pipelineName, pipelineExecutionId).stream().findFirst();
  }

  private List<ArtifactRevision> artifactRevisions(String executionId) {
    List<ArtifactRevision> revisions = new ArrayList<>();
    jdbc.query("SELECT output_artifacts, revision_id, revision_change_id, revision_summary, revision_url, last_update_time "
        + "FROM flowline_action_execution WHERE pipeline_execution_id = ? AND revision_id IS NOT NULL ORDER BY seq", rs -> {
          for (StoredArtifact a : Json.list(rs.getString(1), StoredArtifact.class)) {
            revisions.add(new ArtifactRevision(a.name(), rs.getString(2), rs.getString(3), rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(6)), rs.getString(5)));
          }
        }, executionId);
    return revisions;
  }

  /**
   * The engine writes an execution's last update time when the execution's status changes, not on every
   * stage and action step (that cost a statement per step); while it runs, the time of its latest stage or
   * action change is the execution's.
   */
  private static final String SUMMARY_COLUMNS = "SELECT e.seq, e.id, e.status, e.status_summary, e.trigger_type, "
      + "e.trigger_detail, e.execution_mode, e.execution_type, e.rollback_target, e.stop_reason, e.source_revisions, "
      + "e.start_time, CASE WHEN e.status IN ('InProgress', 'Stopping') THEN GREATEST(e.last_update_time, "
      + "COALESCE((SELECT MAX(s.last_update_time) FROM flowline_stage_execution s WHERE s.pipeline_execution_id = e.id), 0), "
      + "COALESCE((SELECT MAX(a.last_update_time) FROM flowline_action_execution a WHERE a.pipeline_execution_id = e.id), 0)) "
      + "ELSE e.last_update_time END AS last_update_time ";

  @Override
  public HistoryPage<PipelineExecutionSummary> executionPage(String pipelineName, String succeededInStage,
      HistoryCursor cursor, int limit) {
    PageQuery query = executionPageQuery(pipelineName, succeededInStage, cursor, limit);
    List<Keyed<PipelineExecutionSummary>> fetched = jdbc.query(query.sql(),
        (rs, i) -> new Keyed<>(rs.getLong("seq"), rs.getString("id"), new PipelineExecutionSummary(rs.getString("id"),
            rs.getString("status"), rs.getString("status_summary"), Instant.ofEpochMilli(rs.getLong("start_time")),
            Instant.ofEpochMilli(rs.getLong("last_update_time")), sourceRevisions(rs.getString("source_revisions")),
            trigger(rs), rs.getString("stop_reason") == null ? null : new StopExecutionTrigger(rs.getString("stop_reason")),
            rs.getString("execution_mode"), rs.getString("execution_type"), rollback(rs))), query.args().toArray());
    HistoryPage<PipelineExecutionSummary> page = page(fetched, cursor, limit);
    return new HistoryPage<>(withSourceRevisions(page.items()), page.older(), page.newer());
  }

  /** A statement and its arguments (package-private so that a test can EXPLAIN the very statement a page runs). */
  record PageQuery(String sql, List<Object> args) {}

  /** The statement behind {@link #executionPage}: one row past the page, in the order of its cursor. */
  static PageQuery executionPageQuery(String pipelineName, String succeededInStage, HistoryCursor cursor, int limit) {
    List<Object> args = new ArrayList<>();
    if (succeededInStage == null) {
      // The ORDER BY names the leading column of flowline_execution_recent (V18; flowline_execution_pipeline, V1,
      // for newer pages), so a page reads as many rows as it shows, wherever the cursor stands.
      args.add(pipelineName);
      return new PageQuery(SUMMARY_COLUMNS + "FROM flowline_pipeline_execution e WHERE e.pipeline_name = ? "
          + keyset("e.pipeline_name, ", "e.seq", cursor, args, limit), args);
    }
    // The stage's Succeeded records in the order of their execution's seq (flowline_stage_succeeded, V24) name the
    // page's executions, however many went by without a success there; each is then read by its key. There is one
    // record per execution and stage (the primary key), so an execution is listed once.
    args.addAll(List.of(pipelineName, succeededInStage));
    return new PageQuery(SUMMARY_COLUMNS + "FROM (SELECT s.pipeline_execution_id FROM flowline_stage_execution s "
        + "WHERE s.pipeline_name = ? AND s.stage_name = ? AND s.status = 'Succeeded' "
        + keyset("s.pipeline_name, s.stage_name, s.status, ", "s.execution_seq", cursor, args, limit)
        + ") k JOIN flowline_pipeline_execution e ON e.id = k.pipeline_execution_id ORDER BY e.seq"
        + (cursor == null || cursor.older() ? " DESC" : ""), args);
  }

  /** A row and its position in the history, until the page is cut. */
  private record Keyed<T>(long seq, String id, T item) {}

  /**
   * The cursor's condition and the order (newest first; oldest first above a NEWER cursor), one row past the page.
   * {@code lead} names the index's leading column ahead of {@code seq} so that H2 reads the index in order.
   */
  private static String keyset(String lead, String seq, HistoryCursor cursor, List<Object> args, int limit) {
    String condition = "";
    if (cursor != null) {
      condition = "AND " + seq + (cursor.older() ? " < ? " : " > ? ");
      args.add(cursor.seq());
    }
    args.add(limit + 1);
    boolean newestFirst = cursor == null || cursor.older();
    return condition + "ORDER BY " + lead + seq + (newestFirst ? " DESC" : "") + " LIMIT ?";
  }

  private static <T> HistoryPage<T> page(List<Keyed<T>> fetched, HistoryCursor cursor, int limit) {
    boolean more = fetched.size() > limit;
    List<Keyed<T>> rows = new ArrayList<>(fetched.subList(0, Math.min(limit, fetched.size())));
    if (rows.isEmpty()) {
      return new HistoryPage<>(List.of(), null, null);
    }
    boolean newerPage = cursor != null && !cursor.older();
    if (newerPage) {
      Collections.reverse(rows);
    }
    Keyed<T> first = rows.get(0);
    Keyed<T> last = rows.get(rows.size() - 1);
    boolean older = newerPage || more;
    boolean newer = newerPage ? more : cursor != null;
    return new HistoryPage<>(rows.stream().map(Keyed::item).toList(),
        older ? HistoryCursor.olderThan(last.seq(), last.id()) : null,
        newer ? HistoryCursor.newerThan(first.seq(), first.id()) : null);
  }

  private static List<SourceRevision> sourceRevisions(String json) {
    return Json.list(json, SourceRevision.class);
  }

  /** Source revisions come from the source actions once they ran; fill them in for the listed executions. */
  private List<PipelineExecutionSummary> withSourceRevisions(List<PipelineExecutionSummary> summaries) {
    if (summaries.isEmpty()) {
      return summaries;
    }
    Map<String, List<SourceRevision>> byExecution = new HashMap<>();
    String in = String.join(",", Collections.nCopies(summaries.size(), "?"));
    jdbc.query("SELECT pipeline_execution_id, action_name, revision_id, revision_summary, revision_url "
            + "FROM flowline_action_execution WHERE revision_id IS NOT NULL AND pipeline_execution_id IN (" + in + ") ORDER BY seq",
        rs -> {
          byExecution.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(new SourceRevision(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
        }, summaries.stream().map(PipelineExecutionSummary::pipelineExecutionId).toArray());
    return summaries.stream().map(s -> {
      List<SourceRevision> revisions = byExecution.getOrDefault(s.pipelineExecutionId(), s.sourceRevisions());
      return new PipelineExecutionSummary(s.pipelineExecutionId(), s.status(), s.statusSummary(), s.startTime(),
          s.lastUpdateTime(), revisions, s.trigger(), s.stopTrigger(), s.executionMode(), s.executionType(),
          s.rollbackMetadata());
    }).toList();
  }

  /**
   * A stage's latest execution: the newest row of its index {@code flowline_stage_recent} (V18). Naming the index's
   * leading columns in the ORDER BY lets H2 read it as sorted and stop after one row; one such lookup per declared
   * stage, joined by UNION ALL, so GetPipelineState costs the same with 10 or 10,000 executions of history.
   */
  private static final String LATEST_STAGE = "(SELECT stage_name, pipeline_execution_id, status, auto_retry_attempts, "
      + "manual_retry_attempts, latest_retry_trigger FROM flowline_stage_execution WHERE pipeline_name = ? "
      + "AND stage_name = ? ORDER BY pipeline_name, stage_name, start_time DESC, seq DESC LIMIT 1)";

  /** An action's latest execution: the newest row of {@code flowline_action_recent} (V18), as above. */
  private static final String LATEST_ACTION = "(SELECT * FROM flowline_action_execution WHERE pipeline_name = ? "
      + "AND stage_name = ? AND action_name = ? ORDER BY pipeline_name, stage_name, action_name, seq DESC LIMIT 1)";

  @Override
  public PipelineState state(String pipelineName) {
    StoredPipeline pipeline = pipelines.find(pipelineName, null)
        .orElseThrow(() -> CodePipelineException.pipelineNotFound(accountId, pipelineName));
    PipelineDeclaration declaration = pipeline.declaration();

    Map<String, StageExecution> latestStage = new HashMap<>();
    Map<String, PipelineState.RetryStageMetadata> retries = new HashMap<>();
    List<StageDeclaration> declared = declaration.stagesOrEmpty();
    if (!declared.isEmpty()) {
      List<Object> args = new ArrayList<>();
      List<String> newest = new ArrayList<>();
      for (StageDeclaration stage : declared) {
        newest.add(LATEST_STAGE);
        args.add(pipelineName);
        args.add(stage.name());
      }
      jdbc.query("SELECT s.stage_name, s.pipeline_execution_id, s.status, e.execution_type, s.auto_retry_attempts, "
              + "s.manual_retry_attempts, s.latest_retry_trigger FROM (" + String.join(" UNION ALL ", newest) + ") s "
              + "JOIN flowline_pipeline_execution e ON e.id = s.pipeline_execution_id",
          rs -> {
            latestStage.put(rs.getString(1), new StageExecution(rs.getString(2), rs.getString(3), rs.getString(4)));
            if (rs.getString(7) != null) {
              retries.put(rs.getString(1), new PipelineState.RetryStageMetadata(rs.getInt(5), rs.getInt(6),
                  rs.getString(7)));
            }
          }, args.toArray());
    }
    Map<String, PipelineState.StageConditionState> conditionStates = conditionStates(pipelineName, latestStage);

    Map<String, ActionState> latestAction = new HashMap<>();
    List<Object> actionArgs = new ArrayList<>();
    List<String> newestActions = new ArrayList<>();
    for (StageDeclaration stage : declared) {
      for (ActionDeclaration action : stage.actionsOrEmpty()) {
        newestActions.add(LATEST_ACTION);
        actionArgs.add(pipelineName);
        actionArgs.add(stage.name());
        actionArgs.add(action.name());
      }
    }
    if (!newestActions.isEmpty()) {
      jdbc.query(String.join(" UNION ALL ", newestActions), rs -> {
        latestAction.put(rs.getString("stage_name") + "/" + rs.getString("action_name"), actionState(rs));
      }, actionArgs.toArray());
    }

    Map<String, TransitionState> transitions = new HashMap<>();
    jdbc.query("SELECT stage_name, enabled, disabled_reason, last_changed_by, last_changed_at FROM flowline_transition "
        + "WHERE pipeline_name = ? AND transition_type = 'Inbound'", rs -> {
          transitions.put(rs.getString(1), new TransitionState(rs.getBoolean(2), rs.getString(4),
              rs.getObject(5) == null ? null : Instant.ofEpochMilli(rs.getLong(5)), rs.getString(3)));
        }, pipelineName);

    Map<String, List<StageExecution>> inbound = new HashMap<>();
    jdbc.query("SELECT w.stage_name, w.pipeline_execution_id, e.status, e.execution_type FROM flowline_stage_waiter w "
            + "JOIN flowline_pipeline_execution e ON e.id = w.pipeline_execution_id WHERE w.pipeline_name = ? ORDER BY w.seq",
        rs -> {
          inbound.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(new StageExecution(rs.getString(2), rs.getString(3), rs.getString(4)));
        }, pipelineName);

    List<StageState> stages = new ArrayList<>();
    for (StageDeclaration stage : declared) {
      List<ActionState> actions = new ArrayList<>();
      for (ActionDeclaration action : stage.actionsOrEmpty()) {
        ActionState state = latestAction.get(stage.name() + "/" + action.name());
        actions.add(state != null ? state : new ActionState(action.name(), null, null, null, null));
      }
      List<StageExecution> waiting = inbound.get(stage.name());
      stages.add(new StageState(stage.name(),
          waiting == null ? null : waiting.get(waiting.size() - 1),
          waiting,
          transitions.getOrDefault(stage.name(), new TransitionState(true, null, null, null)),
          actions,
          latestStage.get(stage.name()),
          conditionStates.get(stage.name() + "/BEFORE_ENTRY"),
          conditionStates.get(stage.name() + "/ON_SUCCESS"),
          conditionStates.get(stage.name() + "/ON_FAILURE"),
          retries.get(stage.name())));
    }
    return new PipelineState(pipelineName, pipeline.version(), stages, pipeline.created(), pipeline.updated());
  }

  /** Condition evaluations of each stage's latest execution, keyed "stage/TYPE". */
  private Map<String, PipelineState.StageConditionState> conditionStates(String pipelineName,
      Map<String, StageExecution> latestStage) {
    Map<String, PipelineState.StageConditionState> states = new HashMap<>();
    List<String> latestIds = latestStage.values().stream().map(StageExecution::pipelineExecutionId).distinct().toList();
    if (latestIds.isEmpty()) {
      return states;
    }
    String in = String.join(",", Collections.nCopies(latestIds.size(), "?"));
    jdbc.query("SELECT pipeline_execution_id, stage_name, condition_type, status, summary, rule_results, "
        + "last_status_change FROM flowline_condition_execution WHERE pipeline_execution_id IN (" + in + ")", rs -> {
          StageExecution latest = latestStage.get(rs.getString(2));
          if (latest == null || !latest.pipelineExecutionId().equals(rs.getString(1))) {
            return;
          }
          Instant changed = Instant.ofEpochMilli(rs.getLong(7));
          List<PipelineState.RuleState> rules = Json.list(rs.getString(6), ConditionRecords.RuleResult.class).stream()
              .map(r -> new PipelineState.RuleState(r.ruleName(),
                  new PipelineState.RuleExecution(r.status(), r.summary(), changed))).toList();
          String status = rs.getString(4);
          String summary = rs.getString(5);
          states.put(rs.getString(2) + "/" + rs.getString(3), new PipelineState.StageConditionState(
              new PipelineState.StageConditionsExecution(status, summary),
              List.of(new PipelineState.ConditionState(new PipelineState.ConditionExecution(status, summary, changed),
                  rules))));
        }, latestIds.toArray());
    return states;
  }

  private static ActionState actionState(ResultSet rs) throws SQLException {
    String errorCode = rs.getString("error_code");
    ActionExecution latest = new ActionExecution(rs.getString("id"), rs.getString("status"), rs.getString("summary"),
        Instant.ofEpochMilli(rs.getLong("last_update_time")),
        "InProgress".equals(rs.getString("status")) ? rs.getString("token") : null,
        rs.getString("updated_by"), rs.getString("external_execution_id"), rs.getString("external_execution_url"),
        (Integer) rs.getObject("percent_complete"),
        errorCode == null ? null : new ErrorDetails(errorCode, rs.getString("error_message")));
    String revision = rs.getString("revision_id");
    return new ActionState(rs.getString("action_name"),
        revision == null ? null : new ActionRevision(revision, rs.getString("revision_change_id"),
            Instant.ofEpochMilli(rs.getLong("last_update_time"))),
        latest, null, rs.getString("revision_url"));
  }

  @Override
  public HistoryPage<ActionExecutionDetail> actionExecutionPage(String pipelineName, String pipelineExecutionId,
      HistoryCursor cursor, int limit) {
    // A FAILED_ACTIONS retry copies the earlier success of an action it does not run again onto an action execution
    // of its own, with the same external execution; AWS lists that run once, so the copy is left out.
    List<Object> args = new ArrayList<>(List.of(pipelineName));
    String where = "WHERE a.pipeline_name = ? ";
    if (pipelineExecutionId != null) {
      where += "AND a.pipeline_execution_id = ? ";
      args.add(pipelineExecutionId);
    }
    where += "AND NOT (a.external_execution_id IS NOT NULL AND EXISTS (SELECT 1 FROM flowline_action_execution o "
        + "WHERE o.pipeline_execution_id = a.pipeline_execution_id AND o.stage_name = a.stage_name "
        + "AND o.action_name = a.action_name AND o.external_execution_id = a.external_execution_id AND o.seq < a.seq)) ";
    // One execution's few actions come from flowline_action_execution_of; naming pipeline_name first would lead H2
    // to walk the pipeline's whole history on flowline_action_history (V20) for them.
    String keyset = keyset(pipelineExecutionId == null ? "a.pipeline_name, " : "", "a.seq", cursor, args, limit);
    Map<Integer, PipelineDeclaration> versions = new HashMap<>();
    List<Keyed<ActionExecutionDetail>> fetched = jdbc.query("SELECT a.* FROM flowline_action_execution a " + where + keyset,
        (rs, i) -> {
          int version = rs.getInt("pipeline_version");
          PipelineDeclaration declaration = versions.computeIfAbsent(version,
              v -> pipelines.find(pipelineName, v).map(StoredPipeline::declaration).orElse(null));
          String stageName = rs.getString("stage_name");
          String actionName = rs.getString("action_name");
          ActionDeclaration action = declaration == null ? null : declaration.stage(stageName)
              .flatMap(s -> s.action(actionName)).orElse(null);
          return new Keyed<>(rs.getLong("seq"), rs.getString("id"), actionDetail(rs, action));
        }, args.toArray());
    return page(fetched, cursor, limit);
  }

  private static ActionExecutionDetail actionDetail(ResultSet rs, ActionDeclaration action) throws SQLException {
    List<ActionExecutionDetail.ArtifactDetail> inputs = Json.list(rs.getString("input_artifacts"), StoredArtifact.class)
        .stream().map(JdbcExecutionQueries::artifactDetail).toList();
    List<ActionExecutionDetail.ArtifactDetail> outputs = Json.list(rs.getString("output_artifacts"), StoredArtifact.class)
        .stream().map(JdbcExecutionQueries::artifactDetail).toList();
    String resolved = rs.getString("resolved_configuration");
    ActionExecutionDetail.Input input = action == null ? null : new ActionExecutionDetail.Input(action.actionTypeId(),
        action.configuration(), resolved == null ? null : Json.stringMap(resolved), action.roleArn(), action.region(),
        inputs, action.namespace());
    String errorCode = rs.getString("error_code");
    ActionExecutionDetail.ExecutionResult result = new ActionExecutionDetail.ExecutionResult(
        rs.getString("external_execution_id"), rs.getString("summary"), rs.getString("external_execution_url"),
        errorCode == null ? null : new ErrorDetails(errorCode, rs.getString("error_message")), null);
    String variables = rs.getString("output_variables");
    ActionExecutionDetail.Output output = new ActionExecutionDetail.Output(outputs, result,
        variables == null ? null : Json.stringMap(variables));
    return new ActionExecutionDetail(rs.getString("pipeline_execution_id"), rs.getString("id"),
        rs.getInt("pipeline_version"), rs.getString("stage_name"), rs.getString("action_name"),
        Instant.ofEpochMilli(rs.getLong("start_time")), Instant.ofEpochMilli(rs.getLong("last_update_time")),
        rs.getString("updated_by"), rs.getString("status"), input, output);
  }

  private static ActionExecutionDetail.ArtifactDetail artifactDetail(StoredArtifact a) {
    return new ActionExecutionDetail.ArtifactDetail(a.name(), new ActionExecutionDetail.S3Location(a.bucket(), a.key()));
  }

  private static ExecutionTrigger trigger(ResultSet rs) throws SQLException {
    String type = rs.getString("trigger_type");
    return type == null ? null : new ExecutionTrigger(type, rs.getString("trigger_detail"));
  }

  private static RollbackMetadata rollback(ResultSet rs) throws SQLException {
    String target = rs.getString("rollback_target");
    return target == null ? null : new RollbackMetadata(target);
  }
}

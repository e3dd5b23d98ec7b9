package dev.flowline.execution;

import dev.flowline.execution.PipelineExecutionSummary.SourceRevision;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Writes the execution records. Called by the engine's listeners and workers inside the engine's own
 * transaction, so a record and the step it describes commit or roll back together.
 */
@Repository
public class ExecutionRecords {
  private final JdbcTemplate jdbc;
  private final Clock clock;

  private final StateChangeNotifications notify;

  public ExecutionRecords(JdbcTemplate jdbc, Clock clock, StateChangeNotifications notify) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.notify = notify;
  }

  /** A new pipeline execution, as its process instance starts. */
  public record NewExecution(
      String id, String pipelineName, int pipelineVersion, String processInstanceId, String triggerType,
      String triggerDetail, String executionMode, String executionType, String rollbackTarget,
      String clientRequestToken, Map<String, String> variables, List<SourceRevision> sourceRevisions) {}

  public void insertExecution(NewExecution e) {
    long now = clock.millis();
    jdbc.update("INSERT INTO flowline_pipeline_execution (id, pipeline_name, pipeline_version, process_instance_id, "
            + "status, trigger_type, trigger_detail, execution_mode, execution_type, rollback_target, "
            + "client_request_token, variables, source_revisions, start_time, last_update_time) "
            + "VALUES (?, ?, ?, ?, 'InProgress', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        e.id(), e.pipelineName(), e.pipelineVersion(), e.processInstanceId(), e.triggerType(), e.triggerDetail(),
        e.executionMode(), e.executionType(), e.rollbackTarget(), e.clientRequestToken(),
        Json.write(new LinkedHashMap<>(e.variables())), Json.write(e.sourceRevisions()), now, now);
    notify.execution(e.id(), ExecutionStatus.IN_PROGRESS);
  }

  /**
   * A source revision an execution must use instead of the latest one: {@code StartPipelineExecution}'s
   * {@code sourceRevisions} entry (or a push's commit), for the source action {@code actionName}.
   */
  public record RevisionOverride(String actionName, String revisionType, String revisionValue) {}

  public void sourceRevisionOverrides(String executionId, List<RevisionOverride> overrides) {
    jdbc.update("UPDATE flowline_pipeline_execution SET source_revision_overrides = ? WHERE id = ?",
        Json.write(overrides), executionId);
  }

  public Optional<String> executionIdForToken(String pipelineName, String clientRequestToken) {
    return jdbc.query("SELECT id FROM flowline_pipeline_execution WHERE pipeline_name = ? AND client_request_token = ?",
        (rs, i) -> rs.getString(1), pipelineName, clientRequestToken).stream().findFirst();
  }

  /**
   * The essentials of one execution, for the engine's decisions; {@code sourceRevisionOverrides} are the
   * revisions it was started with instead of the latest ones (StartPipelineExecution's or a push's).
   */
  public record ExecutionRow(String id, String pipelineName, int pipelineVersion, String processInstanceId,
      String status, String executionMode, Map<String, String> variables, String executionType,
      String rollbackTarget, String retryStage, String retryMode, List<RevisionOverride> sourceRevisionOverrides) {

    /** The overrides for the source action {@code actionName}; empty when it uses the latest revision. */
    public List<RevisionOverride> sourceRevisionOverrides(String actionName) {
      return sourceRevisionOverrides.stream().filter(o -> actionName.equals(o.actionName())).toList();
    }
  }

  private static final String EXECUTION_ROW_COLUMNS = "e.id, e.pipeline_name, e.pipeline_version, e.process_instance_id, "
      + "e.status, e.execution_mode, e.variables, e.execution_type, e.rollback_target, e.retry_stage, e.retry_mode, "
      + "e.source_revision_overrides";

  public Optional<ExecutionRow> execution(String id) {
    return jdbc.query("SELECT " + EXECUTION_ROW_COLUMNS + " FROM flowline_pipeline_execution e WHERE e.id = ?",
        (rs, i) -> executionRow(rs, 0), id).stream().findFirst();
  }

  private static ExecutionRow executionRow(java.sql.ResultSet rs, int offset) throws java.sql.SQLException {
    String overrides = rs.getString(offset + 12);
    return new ExecutionRow(rs.getString(offset + 1), rs.getString(offset + 2), rs.getInt(offset + 3),
        rs.getString(offset + 4), rs.getString(offset + 5), rs.getString(offset + 6),
        Json.stringMap(rs.getString(offset + 7)), rs.getString(offset + 8), rs.getString(offset + 9),
        rs.getString(offset + 10), rs.getString(offset + 11),
        overrides == null ? List.of() : Json.list(overrides, RevisionOverride.class));
  }

  /** The execution's status alone (no variables to parse), if it exists. */
  public Optional<String> status(String id) {
    return jdbc.query("SELECT status FROM flowline_pipeline_execution WHERE id = ?", (rs, i) -> rs.getString(1), id)
        .stream().findFirst();
  }

  /** A failed or stopped execution resumes at {@code stageName}: InProgress again, in a new process instance. */
  public void retrying(String id, String stageName, String retryMode, boolean automatic) {
    jdbc.update("UPDATE flowline_pipeline_execution SET status = 'InProgress', status_summary = NULL, stop_reason = NULL, "
        + "retry_stage = ?, retry_mode = ?, last_update_time = ? WHERE id = ?", stageName, retryMode, clock.millis(), id);
    jdbc.update("UPDATE flowline_stage_execution SET " + (automatic ? "auto_retry_attempts = auto_retry_attempts + 1"
            : "manual_retry_attempts = manual_retry_attempts + 1")
        + ", latest_retry_trigger = ? WHERE pipeline_execution_id = ? AND stage_name = ?",
        automatic ? "AutomatedStageRetry" : "ManualStageRetry", id, stageName);
  }

  public void restarted(String id, String processInstanceId) {
    jdbc.update("UPDATE flowline_pipeline_execution SET process_instance_id = ?, last_update_time = ? WHERE id = ?",
        processInstanceId, clock.millis(), id);
  }

  /** The status of one stage in one execution, if the execution reached it. */
  public Optional<String> stageStatus(String executionId, String stageName) {
    return jdbc.query("SELECT status FROM flowline_stage_execution WHERE pipeline_execution_id = ? AND stage_name = ?",
        (rs, i) -> rs.getString(1), executionId, stageName).stream().findFirst();
  }

  public int autoRetryAttempts(String executionId, String stageName) {
    return jdbc.query("SELECT auto_retry_attempts FROM flowline_stage_execution WHERE pipeline_execution_id = ? "
        + "AND stage_name = ?", (rs, i) -> rs.getInt(1), executionId, stageName).stream().findFirst().orElse(0);
  }

  /** The execution that entered the stage last, if any. */
  public Optional<String> latestInStage(String pipelineName, String stageName) {
    return jdbc.query("SELECT pipeline_execution_id FROM flowline_stage_execution WHERE pipeline_name = ? "
            + "AND stage_name = ? ORDER BY start_time DESC, seq DESC", (rs, i) -> rs.getString(1), pipelineName, stageName)
        .stream().findFirst();
  }

  /** Executions currently in progress (or stopping) in the stage. */
  public int inProgressInStage(String pipelineName, String stageName) {
    Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM flowline_stage_execution WHERE pipeline_name = ? "
        + "AND stage_name = ? AND status IN ('InProgress', 'Stopping')", Integer.class, pipelineName, stageName);
    return count == null ? 0 : count;
  }

  /**
   * The newest STANDARD execution of this pipeline version, other than {@code excluding}, that succeeded in the stage.
   * It walks the stage's Succeeded records newest execution first (flowline_stage_succeeded, V24), not every record of
   * the stage, so a stage that has failed for a long time costs no more than one that just succeeded.
   */
  public Optional<String> lastSucceededInStage(String pipelineName, int version, String stageName, String excluding) {
    return jdbc.query("SELECT s.pipeline_execution_id FROM flowline_stage_execution s JOIN flowline_pipeline_execution e "
            + "ON e.id = s.pipeline_execution_id WHERE s.pipeline_name = ? AND s.stage_name = ? AND s.status = 'Succeeded' "
            + "AND e.pipeline_version = ? AND e.execution_type = 'STANDARD' AND e.id <> ? "
            + "ORDER BY s.pipeline_name, s.stage_name, s.status, s.execution_seq DESC LIMIT 1",
        (rs, i) -> rs.getString(1), pipelineName, stageName, version, excluding).stream().findFirst();
  }

  /** Copies an earlier successful run of the same action onto a new action execution (a FAILED_ACTIONS retry). */
  public boolean reuseEarlierSuccess(ActionRow row) {
    List<ActionOutcome> earlier = jdbc.query("SELECT summary, external_execution_id, external_execution_url, "
            + "output_artifacts, output_variables, revision_id, revision_change_id, revision_summary, revision_url "
            + "FROM flowline_action_execution WHERE pipeline_execution_id = ? AND stage_name = ? AND action_name = ? "
            + "AND status = 'Succeeded' AND id <> ? ORDER BY seq DESC",
        (rs, i) -> new ActionOutcome(ExecutionStatus.SUCCEEDED, rs.getString(1), rs.getString(2), rs.getString(3),
            null, null, null, null, Json.list(rs.getString(4), StoredArtifact.class),
            rs.getString(5) == null ? null : Json.stringMap(rs.getString(5)), rs.getString(6), rs.getString(7),
            rs.getString(8), rs.getString(9), null),
        row.executionId(), row.stageName(), row.actionName(), row.id());
    if (earlier.isEmpty()) {
      return false;
    }
    actionOutcome(row.id(), earlier.get(0));
    return true;
  }

  /** Sets the status unless the execution already reached a final one (first final status wins). */
  public boolean finishExecution(String id, String status, String summary) {
    boolean finished = jdbc.update("UPDATE flowline_pipeline_execution SET status = ?, "
        + "status_summary = COALESCE(?, status_summary), last_update_time = ? WHERE id = ? "
        + "AND status IN ('InProgress', 'Stopping')", status, summary, clock.millis(), id) > 0;
    if (finished) {
      notify.execution(id, status);
    }
    return finished;
  }

  public void setExecutionStatus(String id, String status, String summary, String stopReason) {
    jdbc.update("UPDATE flowline_pipeline_execution SET status = ?, status_summary = COALESCE(?, status_summary), "
        + "stop_reason = COALESCE(?, stop_reason), last_update_time = ? WHERE id = ?",
        status, summary, stopReason, clock.millis(), id);
    notify.execution(id, status);
  }

  /**
   * A stop was asked for: the execution and its open stages are Stopping until their running actions end (stop and
   * wait) or are abandoned. Asked again (to abandon), only the reason changes.
   */
  public void stopping(String id, String stopReason) {
    boolean first = status(id).filter(s -> !ExecutionStatus.STOPPING.equals(s)).isPresent();
    jdbc.update("UPDATE flowline_pipeline_execution SET status = ?, stop_reason = COALESCE(?, stop_reason), "
        + "last_update_time = ? WHERE id = ?", ExecutionStatus.STOPPING, stopReason, clock.millis(), id);
    if (first) {
      notify.execution(id, ExecutionStatus.STOPPING);
      moveOpenStages(id, ExecutionStatus.STOPPING);
    }
  }

  /**
   * The execution enters a stage: a new stage record, or the existing one InProgress again (a retry), in
   * one statement. The execution's own last update time is not touched here: the read model derives it
   * from its stage and action records while it runs (see JdbcExecutionQueries).
   */
  public void stageStarted(String executionId, String pipelineName, String stageName) {
    long now = clock.millis();
    // execution_seq (V24) orders a stage's records by execution for the succeededInStage reads.
    jdbc.update("MERGE INTO flowline_stage_execution t USING (SELECT CAST(? AS VARCHAR(36)) AS execution_id, "
            + "CAST(? AS VARCHAR(100)) AS stage, (SELECT e.seq FROM flowline_pipeline_execution e WHERE e.id = ?) "
            + "AS execution_seq) s ON t.pipeline_execution_id = s.execution_id AND t.stage_name = s.stage "
            + "WHEN MATCHED THEN UPDATE SET status = 'InProgress', start_time = ?, last_update_time = ? "
            + "WHEN NOT MATCHED THEN INSERT (pipeline_execution_id, stage_name, pipeline_name, execution_seq, status, "
            + "start_time, last_update_time) VALUES (s.execution_id, s.stage, ?, s.execution_seq, 'InProgress', ?, ?)",
        executionId, stageName, executionId, now, now, pipelineName, now, now);
    notify.stage(executionId, stageName, ExecutionStatus.IN_PROGRESS);
  }

  public void stageFinished(String executionId, String stageName, String status) {
    jdbc.update("UPDATE flowline_stage_execution SET status = ?, last_update_time = ? "
        + "WHERE pipeline_execution_id = ? AND stage_name = ?", status, clock.millis(), executionId, stageName);
    notify.stage(executionId, stageName, status);
  }

  /** Marks the stages still in progress or stopping with {@code status} (a stop ends them). */
  public void finishOpenStages(String executionId, String status) {
    moveOpenStages(executionId, status);
  }

  private void moveOpenStages(String executionId, String status) {
    List<String> moving = notify.openStages(executionId, status);
    jdbc.update("UPDATE flowline_stage_execution SET status = ?, last_update_time = ? WHERE pipeline_execution_id = ? "
        + "AND status IN ('InProgress', 'Stopping') AND status <> ?", status, clock.millis(), executionId, status);
    notify.stages(executionId, moving, status);
  }

  /**
   * The pipeline is about to be deleted: its executions in flight, their open stages and actions are reported
   * CANCELED to the notification rules that ask (their records are deleted with the pipeline).
   */
  public void cancelInFlight(String pipelineName) {
    notify.cancelInFlight(pipelineName);
  }

  /** A new action execution, as its activity starts. */
  public record NewAction(String id, String executionId, String pipelineName, int pipelineVersion, String stageName,
      String actionName, String activityInstanceId, String token) {}

  public void insertAction(NewAction a) {
    long now = clock.millis();
    jdbc.update("INSERT INTO flowline_action_execution (id, pipeline_execution_id, pipeline_name, pipeline_version, "
            + "stage_name, action_name, activity_instance_id, status, token, start_time, last_update_time) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, 'InProgress', ?, ?, ?)",
        a.id(), a.executionId(), a.pipelineName(), a.pipelineVersion(), a.stageName(), a.actionName(),
        a.activityInstanceId(), a.token(), now, now);
    // an approval's action is the one recorded with an approval token
    notify.action(a.pipelineName(), a.pipelineVersion(), a.executionId(), a.stageName(), a.actionName(),
        ExecutionStatus.IN_PROGRESS, a.token() != null);
  }

  /** What a worker needs to know about an action execution it is about to run. */
  public record ActionRow(String id, String executionId, String pipelineName, int pipelineVersion, String stageName,
      String actionName, String status, String continuationToken, long startTime, String token) {}

  /** An action execution and the pipeline execution it belongs to. */
  public record ActionInExecution(ActionRow action, ExecutionRow execution) {}

  /** What a worker reads before it runs a job: the action's record and its execution's, in one query. */
  public Optional<ActionInExecution> actionInExecution(String activityInstanceId) {
    return jdbc.query("SELECT a.id, a.pipeline_execution_id, a.pipeline_name, a.pipeline_version, a.stage_name, "
            + "a.action_name, a.status, a.continuation_token, a.start_time, a.token, " + EXECUTION_ROW_COLUMNS
            + " FROM flowline_action_execution a JOIN flowline_pipeline_execution e ON e.id = a.pipeline_execution_id "
            + "WHERE a.activity_instance_id = ? ORDER BY a.seq DESC",
        (rs, i) -> new ActionInExecution(actionRow(rs, i), executionRow(rs, 10)), activityInstanceId)
        .stream().findFirst();
  }

  /** The newest execution of one action within a pipeline execution. */
  public Optional<ActionRow> latestAction(String executionId, String stageName, String actionName) {
    return jdbc.query(ACTION_COLUMNS + "WHERE pipeline_execution_id = ? AND stage_name = ? AND action_name = ? "
        + "ORDER BY seq DESC", ExecutionRecords::actionRow, executionId, stageName, actionName).stream().findFirst();
  }

  public Optional<ActionRow> action(String id) {
    return queryAction("id = ?", id);
  }

  public Optional<ActionRow> actionByToken(String pipelineName, String token) {
    return jdbc.query(ACTION_COLUMNS + "WHERE pipeline_name = ? AND token = ?", ExecutionRecords::actionRow,
        pipelineName, token).stream().findFirst();
  }

  private static final String ACTION_COLUMNS = "SELECT id, pipeline_execution_id, pipeline_name, pipeline_version, "
      + "stage_name, action_name, status, continuation_token, start_time, token FROM flowline_action_execution ";

  private Optional<ActionRow> queryAction(String where, Object arg) {
    return jdbc.query(ACTION_COLUMNS + "WHERE " + where + " ORDER BY seq DESC", ExecutionRecords::actionRow, arg)
        .stream().findFirst();
  }

  private static ActionRow actionRow(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
    return new ActionRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
        rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getString(10));
  }

  /** Records the resolved input of an action the first time a worker runs it. */
  public void actionInput(String id, Map<String, String> resolvedConfiguration, List<StoredArtifact> inputArtifacts) {
    jdbc.update("UPDATE flowline_action_execution SET resolved_configuration = ?, input_artifacts = ? WHERE id = ?",
        Json.write(resolvedConfiguration), Json.write(inputArtifacts), id);
  }

  /** How an action ended or where it stands. */
  public record ActionOutcome(String status, String summary, String externalExecutionId, String externalExecutionUrl,
      String errorCode, String errorMessage, String continuationToken, Integer percentComplete,
      List<StoredArtifact> outputArtifacts, Map<String, String> outputVariables, String revisionId,
      String revisionChangeId, String revisionSummary, String revisionUrl, String updatedBy) {

    public static ActionOutcome failed(String code, String message, String summary) {
      return new ActionOutcome(ExecutionStatus.FAILED, summary, null, null, code, message, null, null, null, null,
          null, null, null, null, null);
    }
  }

  public void actionOutcome(String id, ActionOutcome o) {
    long now = clock.millis();
    jdbc.update("UPDATE flowline_action_execution SET status = ?, summary = COALESCE(?, summary), "
            + "external_execution_id = COALESCE(?, external_execution_id), "
            + "external_execution_url = COALESCE(?, external_execution_url), error_code = ?, error_message = ?, "
            + "continuation_token = ?, percent_complete = ?, output_artifacts = COALESCE(?, output_artifacts), "
            + "output_variables = COALESCE(?, output_variables), revision_id = COALESCE(?, revision_id), "
            + "revision_change_id = COALESCE(?, revision_change_id), revision_summary = COALESCE(?, revision_summary), "
            + "revision_url = COALESCE(?, revision_url), updated_by = COALESCE(?, updated_by), last_update_time = ? "
            + "WHERE id = ?",
        o.status(), truncate(o.summary(), 2048), o.externalExecutionId(), o.externalExecutionUrl(), o.errorCode(),
        truncate(o.errorMessage(), 5000), o.continuationToken(), o.percentComplete(), Json.write(o.outputArtifacts()),
        o.outputVariables() == null ? null : Json.write(o.outputVariables()), o.revisionId(), o.revisionChangeId(),
        truncate(o.revisionSummary(), 2048), o.revisionUrl(), o.updatedBy(), now, id);
    if (!ExecutionStatus.IN_PROGRESS.equals(o.status()) && notify.wantsActions()) {
      jdbc.query("SELECT pipeline_name, pipeline_version, pipeline_execution_id, stage_name, action_name "
          + "FROM flowline_action_execution WHERE id = ?", rs -> {
            notify.action(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                o.status(), false);
          }, id);
    }
  }

  /**
   * Locks the execution's actions still in progress until the transaction ends. A command that is about to
   * change the execution row (a stop) calls this first, because a worker reporting an action holds that
   * action's row and then wants the execution's: taking them in the same order makes the two queue instead
   * of deadlocking.
   */
  public void lockOpenActions(String executionId) {
    jdbc.query("SELECT id FROM flowline_action_execution WHERE pipeline_execution_id = ? AND status = 'InProgress' "
        + "FOR UPDATE", (rs, i) -> rs.getString(1), executionId);
  }

  /** Ends every action of the execution still in progress with {@code status} (Abandoned, Failed). */
  public void finishOpenActions(String executionId, String status, String summary) {
    List<StateChangeNotifications.OpenAction> ending = notify.openActions(executionId);
    jdbc.update("UPDATE flowline_action_execution SET status = ?, summary = COALESCE(summary, ?), last_update_time = ? "
        + "WHERE pipeline_execution_id = ? AND status = 'InProgress'", status, summary, clock.millis(), executionId);
    notify.actions(ending, status);
  }

  /** Actions of the execution a worker is running right now (started, not finished; approvals excluded). */
  public int runningActions(String executionId) {
    Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM flowline_action_execution WHERE pipeline_execution_id = ? "
        + "AND status = 'InProgress' AND resolved_configuration IS NOT NULL AND token IS NULL", Integer.class, executionId);
    return count == null ? 0 : count;
  }

  /** Output artifacts produced so far in an execution, by artifact name (the latest producer wins). */
  public Map<String, StoredArtifact> outputArtifacts(String executionId) {
    Map<String, StoredArtifact> byName = new LinkedHashMap<>();
    jdbc.query("SELECT output_artifacts FROM flowline_action_execution WHERE pipeline_execution_id = ? "
            + "AND status = 'Succeeded' AND output_artifacts IS NOT NULL ORDER BY seq",
        rs -> {
          for (StoredArtifact a : Json.list(rs.getString(1), StoredArtifact.class)) {
            byName.put(a.name(), a);
          }
        }, executionId);
    return byName;
  }

  /** Output variables of the succeeded actions of an execution, keyed by "stage/action". */
  public Map<String, Map<String, String>> outputVariables(String executionId) {
    Map<String, Map<String, String>> byAction = new LinkedHashMap<>();
    jdbc.query("SELECT stage_name, action_name, output_variables FROM flowline_action_execution "
            + "WHERE pipeline_execution_id = ? AND status = 'Succeeded' AND output_variables IS NOT NULL ORDER BY seq",
        rs -> {
          byAction.put(rs.getString(1) + "/" + rs.getString(2), Json.stringMap(rs.getString(3)));
        }, executionId);
    return byAction;
  }

  private static String truncate(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}

package dev.flowline.execution;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Stage locks, waiting (inbound) executions and transition states. Every decision starts with
 * {@link #lock}, a row lock on the stage held until the engine's transaction ends, so two nodes or
 * threads never decide for the same stage at once.
 */
@Repository
public class StageLocks {
  private final JdbcTemplate jdbc;

  public StageLocks(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Creates the lock rows of a pipeline's stages (idempotent). */
  public void ensureStages(String pipelineName, List<String> stageNames) {
    for (String stage : stageNames) {
      Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM flowline_stage_lock WHERE pipeline_name = ? AND stage_name = ?",
          Integer.class, pipelineName, stage);
      if (count == null || count == 0) {
        jdbc.update("INSERT INTO flowline_stage_lock (pipeline_name, stage_name) VALUES (?, ?)", pipelineName, stage);
      }
    }
  }

  /** Locks the stage's row and returns the execution holding the stage, if any. */
  public Optional<String> lock(String pipelineName, String stageName) {
    List<String> holders = jdbc.query("SELECT holder_execution_id FROM flowline_stage_lock WHERE pipeline_name = ? "
        + "AND stage_name = ? FOR UPDATE", (rs, i) -> rs.getString(1), pipelineName, stageName);
    if (holders.isEmpty()) {
      throw new IllegalStateException("No lock row for stage " + stageName + " of " + pipelineName);
    }
    return Optional.ofNullable(holders.get(0));
  }

  /**
   * Frees the stage if the execution holds it, in one statement: the UPDATE takes the row lock only when
   * it matches, and then keeps it to the end of the transaction like {@link #lock}. True when it did.
   */
  public boolean releaseIfHolder(String pipelineName, String stageName, String executionId) {
    return jdbc.update("UPDATE flowline_stage_lock SET holder_execution_id = NULL WHERE pipeline_name = ? "
        + "AND stage_name = ? AND holder_execution_id = ?", pipelineName, stageName, executionId) > 0;
  }

  public void setHolder(String pipelineName, String stageName, String executionId) {
    jdbc.update("UPDATE flowline_stage_lock SET holder_execution_id = ? WHERE pipeline_name = ? AND stage_name = ?",
        executionId, pipelineName, stageName);
  }

  /** Stages whose lock the execution holds. */
  public List<String> stagesHeldBy(String pipelineName, String executionId) {
    return jdbc.query("SELECT stage_name FROM flowline_stage_lock WHERE pipeline_name = ? AND holder_execution_id = ?",
        (rs, i) -> rs.getString(1), pipelineName, executionId);
  }

  /** An execution waiting in front of a stage. */
  public record Waiter(String executionId, String processInstanceId) {}

  public void addWaiter(String pipelineName, String stageName, String executionId, String processInstanceId) {
    jdbc.update("INSERT INTO flowline_stage_waiter (pipeline_name, stage_name, pipeline_execution_id, process_instance_id) "
        + "VALUES (?, ?, ?, ?)", pipelineName, stageName, executionId, processInstanceId);
  }

  /** Waiters in arrival order (oldest first). */
  public List<Waiter> waiters(String pipelineName, String stageName) {
    return jdbc.query("SELECT pipeline_execution_id, process_instance_id FROM flowline_stage_waiter "
            + "WHERE pipeline_name = ? AND stage_name = ? ORDER BY seq",
        (rs, i) -> new Waiter(rs.getString(1), rs.getString(2)), pipelineName, stageName);
  }

  /**
   * The oldest (or newest) execution waiting in front of the stage, if any. The ORDER BY names every column
   * of the line index (pipeline, stage, seq): only then does H2 read the head of the line off the index;
   * {@code ORDER BY seq} alone made it read and sort the whole line on every hand-over. H2 reads an index
   * forwards only, so the newest waiter (SUPERSEDED, whose line is one execution long) is still a sort.
   */
  public Optional<Waiter> nextWaiter(String pipelineName, String stageName, boolean oldest) {
    String order = oldest ? "pipeline_name, stage_name, seq" : "seq DESC";
    return jdbc.query("SELECT pipeline_execution_id, process_instance_id FROM flowline_stage_waiter "
            + "WHERE pipeline_name = ? AND stage_name = ? ORDER BY " + order + " LIMIT 1",
        (rs, i) -> new Waiter(rs.getString(1), rs.getString(2)), pipelineName, stageName).stream().findFirst();
  }

  public void removeWaiter(String pipelineName, String stageName, String executionId) {
    jdbc.update("DELETE FROM flowline_stage_waiter WHERE pipeline_name = ? AND stage_name = ? AND pipeline_execution_id = ?",
        pipelineName, stageName, executionId);
  }

  /** Stages in front of which the execution waits. */
  public List<String> stagesWaitedBy(String pipelineName, String executionId) {
    return jdbc.query("SELECT stage_name FROM flowline_stage_waiter WHERE pipeline_name = ? AND pipeline_execution_id = ?",
        (rs, i) -> rs.getString(1), pipelineName, executionId);
  }

  /**
   * Whether executions may pass into {@code stageName}: its inbound transition and the outbound transition
   * of the stage before it ({@code previousStage}, null for the first stage) are enabled. One query.
   */
  public boolean entryOpen(String pipelineName, String stageName, String previousStage) {
    Integer disabled = previousStage == null
        ? jdbc.queryForObject("SELECT COUNT(*) FROM flowline_transition WHERE pipeline_name = ? AND enabled = FALSE "
            + "AND stage_name = ? AND transition_type = 'Inbound'", Integer.class, pipelineName, stageName)
        : jdbc.queryForObject("SELECT COUNT(*) FROM flowline_transition WHERE pipeline_name = ? AND enabled = FALSE "
            + "AND ((stage_name = ? AND transition_type = 'Inbound') OR (stage_name = ? AND transition_type = 'Outbound'))",
            Integer.class, pipelineName, stageName, previousStage);
    return disabled == null || disabled == 0;
  }

  public void setTransition(String pipelineName, String stageName, String transitionType, boolean enabled,
      String reason, String who, long at) {
    int updated = jdbc.update("UPDATE flowline_transition SET enabled = ?, disabled_reason = ?, last_changed_by = ?, "
            + "last_changed_at = ? WHERE pipeline_name = ? AND stage_name = ? AND transition_type = ?",
        enabled, enabled ? null : reason, who, at, pipelineName, stageName, transitionType);
    if (updated == 0) {
      jdbc.update("INSERT INTO flowline_transition (pipeline_name, stage_name, transition_type, enabled, disabled_reason, "
          + "last_changed_by, last_changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)", pipelineName, stageName, transitionType,
          enabled, enabled ? null : reason, who, at);
    }
  }

  /**
   * Locks every stage of the pipeline, in stage-name order, until the transaction ends: no execution of it can
   * enter, leave or wait in front of a stage meanwhile (DeletePipeline).
   */
  public void lockAll(String pipelineName) {
    jdbc.query("SELECT stage_name FROM flowline_stage_lock WHERE pipeline_name = ? ORDER BY stage_name FOR UPDATE",
        (rs, i) -> rs.getString(1), pipelineName);
  }

  /** Removes every execution waiting in front of a stage of the pipeline. */
  public void removeAllWaiters(String pipelineName) {
    jdbc.update("DELETE FROM flowline_stage_waiter WHERE pipeline_name = ?", pipelineName);
  }

  public void deletePipeline(String pipelineName) {
    jdbc.update("DELETE FROM flowline_stage_waiter WHERE pipeline_name = ?", pipelineName);
    jdbc.update("DELETE FROM flowline_stage_lock WHERE pipeline_name = ?", pipelineName);
    jdbc.update("DELETE FROM flowline_transition WHERE pipeline_name = ?", pipelineName);
  }
}

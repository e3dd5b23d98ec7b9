package dev.flowline.execution;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Finds and deletes the records of ended executions that are past their retention. Deletes are idempotent:
 * two nodes removing the same executions at once both succeed, so no node needs to be elected for it.
 */
@Repository
public class ExecutionRetention {
  private static final List<String> CHILD_TABLES = List.of("flowline_action_execution", "flowline_stage_execution",
      "flowline_condition_execution", "flowline_stage_waiter");

  private final JdbcTemplate jdbc;

  public ExecutionRetention(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Up to {@code limit} ended executions whose last update is before {@code cutoff}, oldest first. */
  public List<String> endedBefore(Instant cutoff, int limit) {
    return jdbc.queryForList("SELECT id FROM flowline_pipeline_execution WHERE last_update_time < ? "
        + "AND status NOT IN (?, ?) ORDER BY last_update_time LIMIT ?", String.class, cutoff.toEpochMilli(),
        ExecutionStatus.IN_PROGRESS, ExecutionStatus.STOPPING, limit);
  }

  /** The ids of the action executions of these pipeline executions (their logs are named after them). */
  public List<String> actionExecutionIds(List<String> executionIds) {
    if (executionIds.isEmpty()) {
      return List.of();
    }
    return jdbc.queryForList("SELECT id FROM flowline_action_execution WHERE pipeline_execution_id IN ("
        + placeholders(executionIds.size()) + ")", String.class, executionIds.toArray());
  }

  /** Deletes these executions and everything recorded under them; ids already gone are skipped. */
  public int delete(List<String> executionIds) {
    if (executionIds.isEmpty()) {
      return 0;
    }
    String in = placeholders(executionIds.size());
    Object[] ids = executionIds.toArray();
    for (String table : CHILD_TABLES) {
      jdbc.update("DELETE FROM " + table + " WHERE pipeline_execution_id IN (" + in + ")", ids);
    }
    return jdbc.update("DELETE FROM flowline_pipeline_execution WHERE id IN (" + in + ")", ids);
  }

  private static String placeholders(int count) {
    return String.join(", ", Collections.nCopies(count, "?"));
  }
}

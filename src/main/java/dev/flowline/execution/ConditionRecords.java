package dev.flowline.execution;

import java.time.Clock;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** The latest evaluation of each stage condition (BEFORE_ENTRY, ON_SUCCESS, ON_FAILURE) of an execution. */
@Repository
public class ConditionRecords {
  private final JdbcTemplate jdbc;
  private final Clock clock;

  public ConditionRecords(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** One rule's result as recorded. */
  public record RuleResult(String ruleName, String status, String summary) {}

  public java.util.Optional<String> status(String executionId, String stageName, String conditionType) {
    return jdbc.query("SELECT status FROM flowline_condition_execution WHERE pipeline_execution_id = ? AND stage_name = ? "
        + "AND condition_type = ?", (rs, i) -> rs.getString(1), executionId, stageName, conditionType).stream().findFirst();
  }

  public void override(String executionId, String stageName, String conditionType) {
    jdbc.update("UPDATE flowline_condition_execution SET status = 'Overridden', last_status_change = ? "
        + "WHERE pipeline_execution_id = ? AND stage_name = ? AND condition_type = ?", clock.millis(), executionId,
        stageName, conditionType);
  }

  public void record(String executionId, String pipelineName, String stageName, String conditionType, String status,
      String summary, List<RuleResult> rules) {
    long now = clock.millis();
    int updated = jdbc.update("UPDATE flowline_condition_execution SET status = ?, summary = ?, rule_results = ?, "
            + "last_status_change = ? WHERE pipeline_execution_id = ? AND stage_name = ? AND condition_type = ?",
        status, summary, Json.write(rules), now, executionId, stageName, conditionType);
    if (updated == 0) {
      jdbc.update("INSERT INTO flowline_condition_execution (pipeline_execution_id, stage_name, pipeline_name, "
              + "condition_type, status, summary, rule_results, last_status_change) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          executionId, stageName, pipelineName, conditionType, status, summary, Json.write(rules), now);
    }
  }
}

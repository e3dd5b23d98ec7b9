package dev.flowline.engine;

import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Stage execution records as stored, for checking ordering invariants across many executions. */
record StageRecords(JdbcTemplate jdbc, String pipeline) {

  record Visit(String executionId, String stage, String status, long start, long end, long seq) {}

  /** Every stage execution of the pipeline, in the order the executions entered the stage. */
  List<Visit> visits(String stage) {
    return jdbc.query("SELECT pipeline_execution_id, stage_name, status, start_time, last_update_time, seq "
            + "FROM flowline_stage_execution WHERE pipeline_name = ? AND stage_name = ? ORDER BY start_time, seq",
        (rs, i) -> new Visit(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
            rs.getLong(6)), pipeline, stage);
  }
}

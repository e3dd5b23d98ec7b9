package dev.flowline.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the nodes of a cluster wrote for one pipeline, read straight from the shared database: Flowline's stage
 * records, and Camunda's history of who ran what.
 */
record ClusterRecords(JdbcTemplate jdbc, String pipeline) {

  record Visit(String executionId, String status, long start, long end, long seq) {}

  private static final String INSTANCES =
      "SELECT process_instance_id FROM flowline_pipeline_execution WHERE pipeline_name = ?";

  /** Every stage execution of the pipeline in {@code stage}, in the order the executions entered it. */
  List<Visit> visits(String stage) {
    return jdbc.query("SELECT pipeline_execution_id, status, start_time, last_update_time, seq "
            + "FROM flowline_stage_execution WHERE pipeline_name = ? AND stage_name = ? ORDER BY start_time, seq",
        (rs, i) -> new Visit(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
        pipeline, stage);
  }

  /** Action jobs (external tasks) completed, per worker id (Camunda's external task log, state 2 = successful). */
  Map<String, Integer> completedActionsByWorker() {
    return counts("SELECT worker_id_, COUNT(*) FROM act_hi_ext_task_log WHERE state_ = 2 AND proc_inst_id_ IN ("
        + INSTANCES + ") GROUP BY worker_id_ ORDER BY worker_id_");
  }

  /** The same, for one action (activity id {@code Action_<stage>_<action>}). */
  Map<String, Integer> completedActionsByWorker(String stage, String action) {
    return counts("SELECT worker_id_, COUNT(*) FROM act_hi_ext_task_log WHERE state_ = 2 AND proc_inst_id_ IN ("
        + INSTANCES + ") AND act_id_ = ? GROUP BY worker_id_ ORDER BY worker_id_", "Action_" + stage + "_" + action);
  }

  /** Engine jobs (async continuations) executed successfully, per node (Camunda's job log, state 2 = successful). */
  Map<String, Integer> jobsByHost() {
    return counts("SELECT hostname_, COUNT(*) FROM act_hi_job_log WHERE job_state_ = 2 AND process_instance_id_ IN ("
        + INSTANCES + ") GROUP BY hostname_ ORDER BY hostname_");
  }

  private Map<String, Integer> counts(String sql, Object... more) {
    Object[] arguments = new Object[more.length + 1];
    arguments[0] = pipeline;
    System.arraycopy(more, 0, arguments, 1, more.length);
    Map<String, Integer> counts = new LinkedHashMap<>();
    jdbc.query(sql, rs -> {
      counts.put(rs.getString(1), rs.getInt(2));
    }, arguments);
    return counts;
  }
}

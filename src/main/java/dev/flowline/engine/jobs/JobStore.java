package dev.flowline.engine.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.flowline.pipeline.ActionTypeId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * {@code flowline_job}. Status changes are compare-and-set ({@link #transition}), so of two concurrent reports or
 * acknowledgements exactly one wins.
 */
@Repository
public class JobStore {
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final String COLUMNS = "SELECT id, external_task_id, worker_id, action_execution_id, action_type,"
      + " nonce, status, data, deadline, action_deadline FROM flowline_job ";

  private final JdbcTemplate jdbc;

  public JobStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public void insert(JobRecord job, long now) {
    JobData.Credentials credentials = job.data().artifactCredentials();
    jdbc.update("INSERT INTO flowline_job (id, external_task_id, worker_id, action_execution_id, action_type, nonce,"
        + " status, data, access_key_id, deadline, action_deadline, created, updated)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        job.id(), job.externalTaskId(), job.workerId(), job.actionExecutionId(), job.type().topic(), job.nonce(),
        job.status().name(), write(job.data()), credentials.accessKeyId(), job.deadline(), job.actionDeadline(), now,
        now);
  }

  public Optional<JobRecord> find(String id) {
    return jdbc.query(COLUMNS + "WHERE id = ?", JobStore::row, id).stream().findFirst();
  }

  /** The job whose artifact credentials carry {@code accessKeyId}. */
  public Optional<JobRecord> byAccessKey(String accessKeyId) {
    return jdbc.query(COLUMNS + "WHERE access_key_id = ?", JobStore::row, accessKeyId).stream().findFirst();
  }

  /** Moves the job from {@code from} to {@code to}; false when it was no longer in {@code from}. */
  public boolean transition(String id, JobStatus from, JobStatus to, long deadline, long now) {
    return jdbc.update("UPDATE flowline_job SET status = ?, deadline = ?, updated = ? WHERE id = ? AND status = ?",
        to.name(), deadline, now, id, from.name()) == 1;
  }

  /** Jobs still Dispatched or InProgress whose deadline has passed, oldest first. */
  public List<JobRecord> overdue(long now, int limit) {
    return jdbc.query(COLUMNS + "WHERE status IN ('Dispatched', 'InProgress') AND deadline < ? ORDER BY deadline"
        + " FETCH FIRST " + limit + " ROWS ONLY", JobStore::row, now);
  }

  /** Deletes the jobs of these action executions (retention: their executions ended long ago); returns how many. */
  public int deleteForActionExecutions(List<String> actionExecutionIds) {
    if (actionExecutionIds.isEmpty()) {
      return 0;
    }
    return jdbc.update("DELETE FROM flowline_job WHERE action_execution_id IN ("
        + String.join(", ", Collections.nCopies(actionExecutionIds.size(), "?")) + ")", actionExecutionIds.toArray());
  }

  private static JobRecord row(ResultSet rs, int i) throws SQLException {
    return new JobRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
        ActionTypeId.fromTopic(rs.getString(5)), rs.getString(6), JobStatus.valueOf(rs.getString(7)),
        read(rs.getString(8)), rs.getLong(9), rs.getLong(10));
  }

  private static String write(JobData data) {
    try {
      return JSON.writeValueAsString(data);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JobData read(String json) {
    try {
      return JSON.readValue(json, JobData.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable job data", e);
    }
  }
}

package dev.flowline.execution.notify;

import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** The delivery history of a pipeline's notifications, newest first (for the console). */
@Service
public class NotificationDeliveries {
  private final JdbcTemplate jdbc;

  public NotificationDeliveries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * One delivery: its target, event, state ({@code Pending}, {@code Delivered}, {@code GaveUp}), attempts so far and
   * the last failure.
   */
  public record Delivery(long id, String pipelineName, String executionId, String eventType, String url,
      String format, String status, int attempts, Integer lastHttpStatus, String lastError, Instant created,
      Instant finished) {}

  public List<Delivery> recent(String pipelineName, int limit) {
    return jdbc.query("SELECT id, pipeline_name, execution_id, event_type, url, format, status, attempts, "
            + "last_http_status, last_error, created_at, finished_at FROM flowline_notification_outbox "
            + "WHERE pipeline_name = ? ORDER BY pipeline_name, id DESC LIMIT ?",
        (rs, i) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
            rs.getString(6), rs.getString(7), rs.getInt(8), (Integer) rs.getObject(9), rs.getString(10),
            Instant.ofEpochMilli(rs.getLong(11)),
            rs.getObject(12) == null ? null : Instant.ofEpochMilli(rs.getLong(12))),
        pipelineName, Math.max(1, Math.min(limit, 1000)));
  }
}

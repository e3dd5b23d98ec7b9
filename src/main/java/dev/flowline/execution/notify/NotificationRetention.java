package dev.flowline.execution.notify;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Keeps the outbox bounded: finished deliveries (Delivered, GaveUp) older than the retention are deleted, except the
 * newest few of each pipeline, which the console's delivery history shows. A Pending delivery is never deleted here,
 * however old: it goes when it is delivered or given up and its own retention has passed. Deletes are idempotent
 * (by id, and only of finished rows, which nothing updates any more), so every node may run them at once.
 */
@Repository
public class NotificationRetention {
  private static final String FINISHED = "status IN ('Delivered', 'GaveUp')";

  private final JdbcTemplate jdbc;

  public NotificationRetention(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Deletes the finished deliveries that finished before {@code cutoff}, keeping each pipeline's newest
   * {@code keepPerPipeline} deliveries (of any status); at most {@code batchSize} per statement.
   *
   * @return how many this call deleted
   */
  public int deleteExpired(Instant cutoff, int keepPerPipeline, int batchSize) {
    long before = cutoff.toEpochMilli();
    int total = 0;
    for (String pipeline : jdbc.queryForList("SELECT DISTINCT pipeline_name FROM flowline_notification_outbox WHERE "
        + FINISHED + " AND finished_at < ?", String.class, before)) {
      Long keptFrom = oldestKept(pipeline, keepPerPipeline);
      if (keptFrom == null) {
        continue;
      }
      while (true) {
        List<Long> ids = jdbc.queryForList("SELECT id FROM flowline_notification_outbox WHERE pipeline_name = ? "
            + "AND id < ? AND " + FINISHED + " AND finished_at < ? LIMIT ?", Long.class, pipeline, keptFrom, before,
            batchSize);
        if (ids.isEmpty()) {
          break;
        }
        total += jdbc.update("DELETE FROM flowline_notification_outbox WHERE " + FINISHED + " AND id IN ("
            + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")", ids.toArray());
        if (ids.size() < batchSize) {
          break;
        }
      }
    }
    return total;
  }

  /** The id of the pipeline's {@code keep}-th newest delivery (nothing older is kept), null when it has fewer. */
  private Long oldestKept(String pipeline, int keep) {
    if (keep == 0) {
      return Long.MAX_VALUE;
    }
    return jdbc.query("SELECT id FROM flowline_notification_outbox WHERE pipeline_name = ? "
            + "ORDER BY pipeline_name, id DESC LIMIT 1 OFFSET ?", (rs, i) -> rs.getLong(1), pipeline, keep - 1)
        .stream().findFirst().orElse(null);
  }
}

package dev.flowline.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Samples a pipeline's waiting lines from the database while executions run, and keeps the longest line
 * seen in front of any one stage. SUPERSEDED's rule is that it never exceeds one.
 */
public final class LineSampler implements AutoCloseable {
  private final AtomicInteger longest = new AtomicInteger();
  private final Thread sampler;

  private LineSampler(JdbcTemplate jdbc, String pipeline, Duration interval) {
    sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        List<Integer> waiting = jdbc.queryForList("SELECT COUNT(*) FROM flowline_stage_waiter WHERE pipeline_name = ? "
            + "GROUP BY stage_name", Integer.class, pipeline);
        longest.accumulateAndGet(waiting.stream().max(Integer::compare).orElse(0), Math::max);
        try {
          Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "line-sampler");
  }

  public static LineSampler start(JdbcTemplate jdbc, String pipeline, Duration interval) {
    LineSampler line = new LineSampler(jdbc, pipeline, interval);
    line.sampler.start();
    return line;
  }

  /** The longest line seen in front of one stage so far. */
  public int longest() {
    return longest.get();
  }

  @Override
  public void close() throws InterruptedException {
    sampler.interrupt();
    sampler.join();
  }
}

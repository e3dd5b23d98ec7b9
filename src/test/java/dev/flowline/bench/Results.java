package dev.flowline.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What the benchmark measured, and the arithmetic on it. */
final class Results {
  private Results() {}

  /** The value below which {@code percent} of the samples lie (nearest rank); -1 without samples. */
  static long percentile(List<Long> samples, int percent) {
    if (samples.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(samples);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  /**
   * A burst: {@code started} executions started back to back from one thread. The window runs from
   * just before the first start to the last execution's end (its record's last update).
   *
   * @param durations start-to-Succeeded of every execution that succeeded, in milliseconds
   */
  record Burst(String subject, int started, long submitMillis, long windowMillis, int succeeded, int superseded,
      int failed, int unfinished, long actions, List<Long> durations, double cpuMillis, long gcMillis, String note) {

    Burst withCpu(CpuClock start, CpuClock end) {
      return new Burst(subject, started, submitMillis, windowMillis, succeeded, superseded, failed, unfinished,
          actions, durations, end.cpuMillisSince(start), end.gcMillisSince(start), note);
    }

    /** CPU per execution that ended, of the whole JVM during the burst. */
    double cpuPerExecution() {
      return settled() == 0 ? 0 : cpuMillis / settled();
    }

    int settled() {
      return succeeded + superseded + failed;
    }

    double completedPerSecond() {
      return perSecond(succeeded);
    }

    double settledPerSecond() {
      return perSecond(settled());
    }

    double actionsPerSecond() {
      return perSecond(actions);
    }

    private double perSecond(long count) {
      return windowMillis <= 0 ? 0 : count * 1000.0 / windowMillis;
    }

    long p50() {
      return percentile(durations, 50);
    }

    long p95() {
      return percentile(durations, 95);
    }
  }

  /** Executions run one at a time on an otherwise idle engine: start-to-Succeeded of each, in ms. */
  record Singles(String subject, List<Long> durations, int failed, double cpuMillisPerExecution) {
    long p50() {
      return percentile(durations, 50);
    }

    long p95() {
      return percentile(durations, 95);
    }

    double mean() {
      return durations.stream().mapToLong(Long::longValue).average().orElse(-1);
    }
  }

  /** SQL statements one execution costs, from H2's query statistics, split by whose tables they touch. */
  record SqlCounts(String subject, int executions, long total, long flowline, long camunda, long jobAcquisition,
      List<String> top) {

    double perExecution(long count) {
      return executions == 0 ? 0 : (double) count / executions;
    }
  }
}

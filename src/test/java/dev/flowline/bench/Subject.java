package dev.flowline.bench;

import javax.sql.DataSource;

/** One thing the benchmark measures: plain Camunda, or Flowline with one execution mode and one kind of work. */
interface Subject {
  String name();

  /** Starts {@code count} executions back to back from this thread and waits until all have ended. */
  Results.Burst burst(int count) throws Exception;

  /** Runs one execution alone and returns its start-to-Succeeded in milliseconds, or -1 if it did not succeed. */
  long single() throws Exception;

  /** The process definition key of the executions {@link #single()} runs (for the timeline). */
  String singleProcessKey();

  /** The database this subject's engine writes to (for SQL statistics). */
  DataSource dataSource();
}

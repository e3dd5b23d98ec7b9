package dev.flowline.bench;

/** How the benchmark waits for executions to end (the same for every subject). */
final class Waits {
  static final long BURST_POLL_MILLIS = 250;
  static final long BURST_PATIENCE_MILLIS = 20 * 60_000;
  static final long SINGLE_POLL_MILLIS = 5;
  static final long SINGLE_PATIENCE_MILLIS = 60_000;

  private Waits() {}
}

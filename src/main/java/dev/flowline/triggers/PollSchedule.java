package dev.flowline.triggers;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A poller's one daemon thread, running a round every interval; an interval of zero (the default) never runs. */
final class PollSchedule {

  private final String threadName;
  private final Duration interval;
  private ScheduledExecutorService scheduler;

  PollSchedule(String threadName, Duration interval) {
    this.threadName = threadName;
    this.interval = interval == null ? Duration.ZERO : interval;
  }

  synchronized void start(Runnable round) {
    if (interval.isZero() || interval.isNegative() || scheduler != null) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, threadName);
      thread.setDaemon(true);
      return thread;
    });
    scheduler.scheduleWithFixedDelay(round, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  synchronized boolean isRunning() {
    return scheduler != null;
  }
}

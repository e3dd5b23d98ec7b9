package dev.flowline.engine;

import dev.flowline.engine.jobs.JobProperties;
import dev.flowline.engine.jobs.JobRecord;
import dev.flowline.engine.jobs.JobStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Ends remote jobs whose time ran out: an unacknowledged one is marked TimedOut (its lock has expired, so the
 * task is already back in the queue), an acknowledged one whose worker never reported fails its action. Every
 * node sweeps; the external task's worker check lets only one of them fail a given action.
 */
@Component
class JobTimeouts implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(JobTimeouts.class);
  private static final int BATCH = 100;

  private final JobStore store;
  private final JobReports jobs;
  private final JobProperties properties;
  private final Clock clock;
  private ScheduledExecutorService sweeper;

  JobTimeouts(JobStore store, JobReports jobs, JobProperties properties, Clock clock) {
    this.store = store;
    this.jobs = jobs;
    this.properties = properties;
    this.clock = clock;
  }

  void sweep() {
    try {
      List<JobRecord> overdue = store.overdue(clock.millis(), BATCH);
      for (JobRecord job : overdue) {
        jobs.timeOut(job);
      }
    } catch (RuntimeException e) {
      log.warn("Sweeping timed-out jobs failed; trying again later", e);
    }
  }

  @Override
  public void start() {
    sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "flowline-job-timeouts");
      thread.setDaemon(true);
      return thread;
    });
    long every = properties.sweepInterval().toMillis();
    sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    sweeper.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return sweeper != null && !sweeper.isShutdown();
  }
}

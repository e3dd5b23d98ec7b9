package dev.flowline.engine;

import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionExecutorRegistry;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.LocalActionContext;
import dev.flowline.actions.LocalActionContextFactory;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeId;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The in-process job worker: fetches the external tasks of every action type that has an executor,
 * runs them on a small pool and reports the outcome. Remote workers (/engine-rest) can serve the same
 * topics; the engine hands each task to one of them at a time.
 */
@Component
class ActionWorker implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ActionWorker.class);
  private static final long IDLE_POLL_MILLIS = 1000;

  private final ExternalTaskService externalTasks;
  private final ActionExecutorRegistry registry;
  private final ActionJobStart start;
  private final ActionOutcomes outcomes;
  private final LocalActionContextFactory contexts;
  private final WorkerSignal signal;
  private final int threads;
  private final long lockMillis;
  private final String workerId = "flowline-" + UUID.randomUUID();

  private volatile boolean running;
  private Thread fetcher;
  private ExecutorService pool;
  private ScheduledExecutorService heartbeats;
  private Semaphore slots;

  ActionWorker(ExternalTaskService externalTasks, ActionExecutorRegistry registry, ActionJobStart start,
      ActionOutcomes outcomes, LocalActionContextFactory contexts, WorkerSignal signal,
      @Value("${flowline.worker.threads:4}") int threads,
      @Value("${flowline.worker.lock-duration:60s}") Duration lockDuration) {
    this.externalTasks = externalTasks;
    this.registry = registry;
    this.start = start;
    this.outcomes = outcomes;
    this.contexts = contexts;
    this.signal = signal;
    this.threads = threads;
    this.lockMillis = lockDuration.toMillis();
  }

  @Override
  public void start() {
    running = true;
    slots = new Semaphore(threads);
    pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "flowline-action"));
    heartbeats = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "flowline-heartbeat"));
    fetcher = new Thread(this::fetchLoop, "flowline-fetch");
    fetcher.setDaemon(true);
    fetcher.start();
  }

  @Override
  public void stop() {
    running = false;
    signal.signal();
    pool.shutdownNow();
    heartbeats.shutdownNow();
    try {
      fetcher.join(5000);
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void fetchLoop() {
    List<String> topics = registry.all().stream()
        .filter(t -> registry.executor(t.id()).isPresent()).map(t -> t.id().topic()).toList();
    while (running) {
      try {
        slots.acquire();
        int free = 1 + slots.drainPermits();
        List<LockedExternalTask> tasks = fetch(topics, free);
        slots.release(free - tasks.size());
        for (LockedExternalTask task : tasks) {
          pool.execute(() -> {
            try {
              run(task);
            } finally {
              slots.release();
            }
          });
        }
        if (tasks.size() < free) {
          // fewer tasks than free slots: every task there was is ours now, so fetching again at once would find
          // nothing; wait for the next commit that creates one (a signal during this fetch is kept, not lost)
          signal.await(IDLE_POLL_MILLIS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (running) {
          log.warn("Fetching action jobs failed; retrying", e);
          sleepQuietly();
        }
      }
    }
  }

  private List<LockedExternalTask> fetch(List<String> topics, int max) {
    var builder = externalTasks.fetchAndLock(max, workerId);
    for (String topic : topics) {
      builder.topic(topic, lockMillis).variables(List.of());
    }
    return builder.execute();
  }

  private void run(LockedExternalTask task) {
    MDC.put("pipelineExecutionId", task.getBusinessKey());
    Cancellation cancellation = new Cancellation(Thread.currentThread());
    // A job that vanished (execution stopped, superseded or deleted, lock taken over) stops its local work.
    ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(() -> {
      if (!extendLock(task) && cancellation.cancel()) {
        log.info("Action job {} is gone; stopping its work", task.getId());
      }
    }, lockMillis / 3, lockMillis / 3, TimeUnit.MILLISECONDS);
    try {
      ActionExecutor executor = registry.executor(ActionTypeId.fromTopic(task.getTopicName())).orElseThrow();
      var started = start.begin(JobTask.of(task), workerId, executor.type());
      if (started.isEmpty()) {
        return;
      }
      PipelineModel model = started.get().model();
      var row = started.get().row();
      ActionDeclaration action = started.get().action();
      ActionJob job = started.get().job();
      MDC.put("pipeline", model.name());
      MDC.put("action", row.stageName() + "/" + row.actionName());
      try (LocalActionContext context = contexts.open(job)) {
        if (!cancellation.enter()) {
          return;
        }
        ActionResult result = null;
        try {
          result = executor.execute(job, context);
        } catch (InterruptedException e) {
          // cancelled (leave() says so) or shutting down: nothing to report either way
        } catch (Exception e) {
          log.warn("Action {} failed with an exception", row.id(), e);
          result = ActionResult.Failed.jobFailed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
        heartbeat.cancel(false);
        if (cancellation.leave() || result == null) {
          return;
        }
        // output artifacts live in the workspace: store them before the context deletes it
        outcomes.report(JobTask.of(task), workerId, model, row, action, result, context.logUrl());
      }
      if (outcomes.stopRequested(row)) {
        outcomes.settleStop(row);
      }
    } catch (java.io.IOException | RuntimeException e) {
      log.error("Could not process action job {}", task.getId(), e);
    } finally {
      heartbeat.cancel(false);
      MDC.clear();
    }
  }

  /**
   * Interrupts the job's thread only while it runs the executor. An interrupt that reaches H2 during a read or a
   * commit closes its file channel, and with it the whole database (ClosedByInterruptException), so the interrupt
   * must never land while the thread is in Flowline's or the engine's database code: before the executor starts
   * a cancelled job is not started, and once it has returned the pending interrupt is cleared before the report.
   */
  private static final class Cancellation {
    private final Thread runner;
    private boolean executing;
    private boolean cancelled;

    Cancellation(Thread runner) {
      this.runner = runner;
    }

    /** The executor starts; false when the job was cancelled before it could. */
    synchronized boolean enter() {
      executing = !cancelled;
      return executing;
    }

    /** The executor has returned; clears its interrupt, true when the job was cancelled meanwhile. */
    synchronized boolean leave() {
      executing = false;
      Thread.interrupted();
      return cancelled;
    }

    /** The job is gone: interrupts the executor if it runs; true the first time. */
    synchronized boolean cancel() {
      if (cancelled) {
        return false;
      }
      cancelled = true;
      if (executing) {
        runner.interrupt();
      }
      return true;
    }
  }

  /** Extends the job's lock; false when the job no longer exists or another worker holds it now. */
  private boolean extendLock(LockedExternalTask task) {
    try {
      externalTasks.extendLock(task.getId(), workerId, lockMillis);
      return true;
    } catch (org.camunda.bpm.engine.BadUserRequestException gone) {
      return false;
    } catch (RuntimeException e) {
      log.debug("Could not extend the lock of {}: {}", task.getId(), e.getMessage());
      return true;
    }
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(IDLE_POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

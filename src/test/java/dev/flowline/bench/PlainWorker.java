package dev.flowline.bench;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.impl.ProcessEngineImpl;
import org.camunda.bpm.engine.impl.util.SingleConsumerCondition;

/**
 * The plain side's in-process external-task worker, built like Flowline's ActionWorker so the two differ
 * only in what happens around {@code complete}: one fetching thread that locks as many tasks as there are
 * free slots, a pool of {@code threads} that completes them (retrying an optimistic-locking conflict as
 * Flowline does), woken by Camunda's own "external task available" signal (the one /engine-rest long
 * polling uses) and otherwise polling once a second. That signal is shared by every engine in the JVM,
 * so a worker listens only while its engine is being measured ({@link #listen}); otherwise other engines'
 * tasks would wake it for nothing.
 */
final class PlainWorker {
  private static final long IDLE_POLL_MILLIS = 1000;
  private static final long LOCK_MILLIS = 60_000;

  private final ExternalTaskService externalTasks;
  private final List<String> topics;
  private final int threads;
  private final String workerId = "plain-" + UUID.randomUUID();
  private volatile boolean running;
  private Thread fetcher;
  private ExecutorService pool;
  private Semaphore slots;
  private SingleConsumerCondition wakeUp;
  private boolean listening;

  PlainWorker(ExternalTaskService externalTasks, List<String> topics, int threads) {
    this.externalTasks = externalTasks;
    this.topics = topics;
    this.threads = threads;
  }

  void start() {
    running = true;
    slots = new Semaphore(threads);
    pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, "plain-action"));
    fetcher = new Thread(this::fetchLoop, "plain-fetch");
    fetcher.setDaemon(true);
    wakeUp = new SingleConsumerCondition(fetcher);
    fetcher.start();
  }

  /** Whether new tasks of any engine wake this worker at once (true) or it finds them by polling (false). */
  synchronized void listen(boolean on) {
    if (on && !listening) {
      ProcessEngineImpl.EXT_TASK_CONDITIONS.addConsumer(wakeUp);
    } else if (!on && listening) {
      ProcessEngineImpl.EXT_TASK_CONDITIONS.removeConsumer(wakeUp);
    }
    listening = on;
  }

  void stop() throws InterruptedException {
    running = false;
    listen(false);
    fetcher.interrupt();
    fetcher.join(5000);
    pool.shutdownNow();
    pool.awaitTermination(5, TimeUnit.SECONDS);
  }

  private void fetchLoop() {
    while (running) {
      try {
        slots.acquire();
        int free = 1 + slots.drainPermits();
        var builder = externalTasks.fetchAndLock(free, workerId);
        for (String topic : topics) {
          builder.topic(topic, LOCK_MILLIS).variables(List.of());
        }
        List<LockedExternalTask> tasks = builder.execute();
        slots.release(free - tasks.size());
        for (LockedExternalTask task : tasks) {
          pool.execute(() -> {
            try {
              complete(task);
            } finally {
              slots.release();
            }
          });
        }
        if (tasks.isEmpty()) {
          wakeUp.await(IDLE_POLL_MILLIS);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (running) {
          System.err.println("plain worker: fetch failed: " + e);
        }
      }
    }
  }

  private void complete(LockedExternalTask task) {
    for (int attempt = 1; ; attempt++) {
      try {
        externalTasks.complete(task.getId(), workerId);
        return;
      } catch (OptimisticLockingException e) {
        if (attempt == 3) {
          System.err.println("plain worker: complete failed 3 times: " + e.getMessage());
          return;
        }
      }
    }
  }
}

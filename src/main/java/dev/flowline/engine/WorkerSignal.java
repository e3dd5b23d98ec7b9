package dev.flowline.engine;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Wakes the in-process workers when a transaction that created an action job commits. */
@Component
class WorkerSignal {
  private final Semaphore permits = new Semaphore(0);

  void signal() {
    if (permits.availablePermits() == 0) {
      permits.release();
    }
  }

  /** Waits for a signal or the timeout; returns whether a signal came. */
  boolean await(long millis) throws InterruptedException {
    boolean signalled = permits.tryAcquire(millis, TimeUnit.MILLISECONDS);
    permits.drainPermits();
    return signalled;
  }
}

package dev.flowline.engine;

import java.util.function.Supplier;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a command in one transaction, again from the start when it collided with a concurrent engine
 * step on the same process instance (Camunda's optimistic locking). API commands that touch running
 * instances (delete, stop, enable a transition, answer an approval) go through here.
 */
@Component
class EngineTransactions {
  private static final int ATTEMPTS = 5;
  private final TransactionTemplate tx;

  EngineTransactions(TransactionTemplate tx) {
    this.tx = tx;
  }

  <T> T run(Supplier<T> command) {
    for (int attempt = 1; ; attempt++) {
      try {
        return tx.execute(status -> command.get());
      } catch (OptimisticLockingException e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
        try {
          Thread.sleep(20L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  void run(Runnable command) {
    run(() -> {
      command.run();
      return null;
    });
  }
}

package dev.flowline.engine;

import dev.flowline.pipeline.CodePipelineException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one API command as one transaction, and runs it again from the start when the transaction lost a
 * race ({@link TransactionConflicts#lostRace}: a deadlock, a lock wait timeout, Camunda's optimistic
 * locking against a concurrent engine step). Every operation of {@link PipelineService} and
 * {@link ExecutionService} that writes goes through here.
 *
 * <p>Why repeating is safe: the command is the whole operation and is one transaction, so a lost race rolled
 * back everything it wrote, Flowline's records and Camunda's rows alike, and Camunda threw its command context
 * away. Nothing leaves the database before commit: actions run on the job executor after the start commits,
 * and follow-up work is registered as after-commit listeners. The repeat therefore starts from the state the
 * first attempt saw, plus whatever the winner committed, and decides again (a pipeline deleted meanwhile is now
 * "not found", an execution stopped meanwhile "not stoppable"). A command called inside a transaction someone
 * else owns is not repeated here: that transaction is rollback-only now, and only its owner can start over.
 *
 * <p>Attempts are bounded, with exponential backoff and full jitter so that two losers do not collide again
 * in lock step. When every attempt lost, the caller gets {@code ThrottlingException}: a 400 that the AWS SDKs
 * and the CLI retry by themselves, as they do when an AWS service sheds load; a lost race is never a 500.
 */
@Component
class EngineTransactions {
  static final int ATTEMPTS = 8;
  private static final long FIRST_BACKOFF_MILLIS = 10;
  private static final long MAX_BACKOFF_MILLIS = 640;
  private static final Logger log = LoggerFactory.getLogger(EngineTransactions.class);
  private final TransactionTemplate tx;

  EngineTransactions(TransactionTemplate tx) {
    this.tx = tx;
  }

  <T> T run(Supplier<T> command) {
    return run(command, failure -> false);
  }

  /** As {@link #run(Supplier)}, also repeating a command that failed as {@code alsoLost} says it may when it races. */
  <T> T run(Supplier<T> command, Predicate<RuntimeException> alsoLost) {
    if (TransactionSynchronizationManager.isActualTransactionActive()) {
      return tx.execute(status -> command.get());
    }
    for (int attempt = 1; ; attempt++) {
      try {
        return tx.execute(status -> command.get());
      } catch (RuntimeException e) {
        if (!TransactionConflicts.lostRace(e) && !alsoLost.test(e)) {
          throw e;
        }
        if (attempt == ATTEMPTS) {
          log.warn("Gave up after {} attempts that each lost a race with a concurrent transaction: {}", attempt,
              e.toString());
          throw busy();
        }
        log.debug("Attempt {} lost a race with a concurrent transaction, running it again: {}", attempt,
            e.toString());
        pause(attempt, e);
      }
    }
  }

  void run(Runnable command) {
    run(() -> {
      command.run();
      return null;
    });
  }

  static CodePipelineException busy() {
    return new CodePipelineException("ThrottlingException",
        "The request collided with concurrent changes to the same pipeline and was not applied; retry it.");
  }

  private static void pause(int attempt, RuntimeException lost) {
    long ceiling = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << (attempt - 1));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw lost;
    }
  }
}

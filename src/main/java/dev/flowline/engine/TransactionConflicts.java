package dev.flowline.engine;

import java.sql.SQLException;
import java.util.Set;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.springframework.dao.ConcurrencyFailureException;

/**
 * Recognises a transaction that lost a race with a concurrent one and was rolled back whole: a deadlock
 * victim, a lock wait that timed out, a serialization failure, or Camunda's optimistic locking. These are
 * reasons to run the same transaction again, never a caller's mistake or a server fault.
 *
 * <p>The cause chain is searched because each layer wraps differently: Spring translates JdbcTemplate's
 * SQLExceptions ({@link org.springframework.dao.DeadlockLoserDataAccessException},
 * {@link org.springframework.dao.CannotAcquireLockException}, all {@link ConcurrencyFailureException}s), while
 * Camunda wraps the SQLException of its own flush in a {@code ProcessEngineException} (or a listener's
 * translated exception in one), so only the SQL state or the vendor code is left to go by.
 */
public final class TransactionConflicts {

  /** 40001 serialization failure / H2 deadlock, 40P01 PostgreSQL deadlock, 55P03 lock not available, HYT00 H2 lock timeout. */
  private static final Set<String> SQL_STATES = Set.of("40001", "40P01", "55P03", "HYT00");
  /** H2's DEADLOCK_1 and LOCK_TIMEOUT_1. */
  private static final Set<Integer> H2_CODES = Set.of(40001, 50200);

  private TransactionConflicts() {}

  /** True when {@code failure}, or anything that caused it, says the transaction lost a race. */
  public static boolean lostRace(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t instanceof ConcurrencyFailureException || t instanceof OptimisticLockingException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        for (SQLException next = sql; next != null; next = next.getNextException()) {
          if (SQL_STATES.contains(next.getSQLState()) || H2_CODES.contains(next.getErrorCode())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /**
   * True when a database constraint refused a write (SQL state class 23), such as a foreign key to a row that a
   * concurrent transaction inserted or deleted after this one looked. Only a command that knows why it may
   * collide that way (a delete racing a start) treats this as a lost race.
   */
  public static boolean constraintRace(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 20; t = t.getCause(), depth++) {
      if (t instanceof org.springframework.dao.DataIntegrityViolationException) {
        return true;
      }
      if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
        return true;
      }
    }
    return false;
  }
}

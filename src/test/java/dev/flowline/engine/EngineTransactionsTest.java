package dev.flowline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.pipeline.CodePipelineException;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DeadlockLoserDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Which failures make an API command run again, how often, and what the caller gets when it keeps losing. */
class EngineTransactionsTest {

  private final JdbcDataSource dataSource = dataSource();
  private final TransactionTemplate template = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  private final EngineTransactions transactions = new EngineTransactions(template);

  @Test
  @DisplayName("a deadlock victim, a lock timeout and an optimistic locking failure are run again until they win")
  void lostRacesAreRepeated() {
    AtomicInteger attempts = new AtomicInteger();
    RuntimeException[] losses = {
        new DeadlockLoserDataAccessException("deadlock", new SQLException("Deadlock detected", "40001", 40001)),
        new CannotAcquireLockException("timeout", new SQLException("Timeout trying to lock table", "HYT00", 50200)),
        new OptimisticLockingException("ENGINE-03005 Entity was updated by another transaction concurrently")};

    String result = transactions.run(() -> {
      int attempt = attempts.getAndIncrement();
      if (attempt < losses.length) {
        throw losses[attempt];
      }
      return "won";
    });

    assertThat(result).isEqualTo("won");
    assertThat(attempts).hasValue(4);
  }

  @Test
  @DisplayName("a PostgreSQL deadlock that Camunda wrapped in a ProcessEngineException is recognised by its SQL state")
  void wrappedPostgresDeadlockIsALostRace() {
    SQLException deadlock = new SQLException("ERROR: deadlock detected", "40P01");
    SQLException lockNotAvailable = new SQLException("ERROR: could not obtain lock", "55P03");

    assertThat(TransactionConflicts.lostRace(new ProcessEngineException("flush failed",
        new RuntimeException("batch", deadlock)))).isTrue();
    assertThat(TransactionConflicts.lostRace(new ProcessEngineException("flush failed", lockNotAvailable))).isTrue();
    assertThat(TransactionConflicts.lostRace(new ProcessEngineException("flush failed",
        new SQLException("duplicate key", "23505")))).isFalse();
  }

  @Test
  @DisplayName("a command that loses every attempt answers ThrottlingException, never the database's error")
  void exhaustedRetriesAnswerThrottling() {
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(() -> transactions.run(() -> {
      attempts.incrementAndGet();
      throw new DeadlockLoserDataAccessException("deadlock", new SQLException("Deadlock", "40P01"));
    })).isInstanceOfSatisfying(CodePipelineException.class,
        e -> assertThat(e.errorType()).isEqualTo("ThrottlingException"));
    assertThat(attempts).hasValue(EngineTransactions.ATTEMPTS);
  }

  @Test
  @DisplayName("a refusal or a constraint violation is not repeated unless the command says it may race that way")
  void otherFailuresAreNotRepeated() {
    AtomicInteger attempts = new AtomicInteger();
    RuntimeException integrity = new DataIntegrityViolationException("fk", new SQLException("fk", "23506"));

    assertThatThrownBy(() -> transactions.run(() -> {
      attempts.incrementAndGet();
      throw integrity;
    })).isSameAs(integrity);
    assertThat(attempts).hasValue(1);

    attempts.set(0);
    assertThat(transactions.run(() -> {
      if (attempts.getAndIncrement() == 0) {
        throw integrity;
      }
      return "second";
    }, TransactionConflicts::constraintRace)).isEqualTo("second");
  }

  @Test
  @DisplayName("what a lost attempt wrote is rolled back before the command runs again")
  void lostAttemptLeavesNothing() {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    jdbc.execute("CREATE TABLE IF NOT EXISTS attempt (n INT)");
    jdbc.update("DELETE FROM attempt");
    AtomicInteger attempts = new AtomicInteger();

    transactions.run(() -> {
      jdbc.update("INSERT INTO attempt VALUES (?)", attempts.incrementAndGet());
      if (attempts.get() < 3) {
        throw new DeadlockLoserDataAccessException("deadlock", new SQLException("Deadlock", "40001", 40001));
      }
    });

    assertThat(jdbc.queryForList("SELECT n FROM attempt", Integer.class)).containsExactly(3);
  }

  @Test
  @DisplayName("inside a transaction someone else owns, a lost race is not repeated: only the owner can start over")
  void noRepeatInsideAnotherTransaction() {
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(() -> template.executeWithoutResult(status -> transactions.run(() -> {
      attempts.incrementAndGet();
      throw new DeadlockLoserDataAccessException("deadlock", new SQLException("Deadlock", "40001", 40001));
    }))).isInstanceOf(DeadlockLoserDataAccessException.class);
    assertThat(attempts).hasValue(1);
  }

  private static JdbcDataSource dataSource() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:engine-transactions;DB_CLOSE_DELAY=-1");
    return dataSource;
  }
}

package dev.flowline.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * An H2 file database written the way Flowline writes it (WRITE_DELAY=0: one chunk per commit) reuses its space
 * when {@link H2Maintenance} runs, and keeps growing when it does not.
 */
class H2MaintenanceTest {
  private static final int COMMITS = 1500;

  @TempDir Path directory;

  @Test
  @DisplayName("with the maintenance, a second round of commits reuses the space of the first instead of growing")
  void theFileStopsGrowingWithTheMaintenance() throws Exception {
    long[] sizes = twoRounds("maintained", true);
    assertThat(sizes[1]).as("file size after the second round (first: %,d bytes)", sizes[0])
        .isLessThanOrEqualTo(sizes[0] + sizes[0] / 4);
  }

  @Test
  @DisplayName("without it, the same commits grow the file again (the control for the test above)")
  void theFileGrowsWithoutTheMaintenance() throws Exception {
    long[] sizes = twoRounds("unmaintained", false);
    assertThat(sizes[1]).as("file size after the second round (first: %,d bytes)", sizes[0])
        .isGreaterThan(sizes[0] + sizes[0] / 2);
  }

  @Test
  @DisplayName("on an in-memory database the maintenance does nothing and fails nothing")
  void inMemoryDatabasesAreLeftAlone() throws Exception {
    SingleConnectionDataSource memory = new SingleConnectionDataSource("jdbc:h2:mem:maintenance", true);
    try (Connection connection = memory.getConnection()) {
      assertThat(H2Maintenance.fileStore(connection)).isNull();
    }
    new H2Maintenance(memory).run();
    memory.destroy();
  }

  /** Commits COMMITS single-row updates twice, with a retention period in between; the file size after each. */
  private long[] twoRounds(String name, boolean maintained) throws Exception {
    Path file = directory.resolve(name + ".mv.db");
    SingleConnectionDataSource dataSource = new SingleConnectionDataSource(
        "jdbc:h2:file:" + directory.resolve(name) + ";WRITE_DELAY=0", true);
    H2Maintenance maintenance = new H2Maintenance(dataSource);
    try (Connection connection = dataSource.getConnection()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE record (id INT PRIMARY KEY, status VARCHAR(20), detail VARCHAR(400), "
            + "updated BIGINT)");
        statement.execute("CREATE INDEX record_updated ON record (updated)");
        statement.execute("INSERT INTO record SELECT x, 'InProgress', REPEAT('x', 300), x FROM SYSTEM_RANGE(1, 500)");
      }
      long[] sizes = new long[2];
      for (int round = 0; round < 2; round++) {
        commits(connection, maintained ? maintenance : null);
        if (maintained) {
          maintenance.run();
        }
        Thread.sleep(H2Maintenance.RETENTION_MILLIS + 500);
        if (maintained) {
          maintenance.run();
        }
        sizes[round] = Files.size(file);
      }
      return sizes;
    } finally {
      dataSource.destroy();
    }
  }

  private static void commits(Connection connection, H2Maintenance maintenance) throws SQLException {
    Random random = new Random(7);
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE record SET status = ?, updated = ? WHERE id = ?")) {
      for (int i = 0; i < COMMITS; i++) {
        update.setString(1, i % 2 == 0 ? "Succeeded" : "InProgress");
        update.setLong(2, System.nanoTime());
        update.setInt(3, 1 + random.nextInt(500));
        update.executeUpdate();
        if (maintenance != null && i % 100 == 99) {
          maintenance.run();
        }
      }
    }
  }
}

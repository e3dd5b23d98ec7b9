package dev.flowline.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.cluster.PostgresDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V24 gives each stage record its execution's seq: existing records get it from their execution in the migration
 * itself, on both databases Flowline runs on (a fresh H2 and a fresh PostgreSQL database, migrated to V22, given
 * some history, then migrated to the end).
 */
class StageExecutionSeqMigrationTest {

  @Test
  @DisplayName("given stage records written before V24, when H2 migrates, then each carries its execution's seq and the stage indexes exist")
  void backfillsOnH2() throws Exception {
    String url = "jdbc:h2:mem:v24_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
    backfills(new DriverManagerDataSource(url, "sa", ""));
  }

  @Test
  @DisplayName("given stage records written before V24, when PostgreSQL migrates, then each carries its execution's seq and the stage indexes exist")
  void backfillsOnPostgres() throws Exception {
    try (PostgresDatabase database = PostgresDatabase.create()) {
      backfills(new DriverManagerDataSource(database.url(), PostgresDatabase.USER, ""));
    }
  }

  private static Flyway flyway(DataSource dataSource, String target) {
    return Flyway.configure().dataSource(dataSource).table("flowline_schema_history").locations("classpath:db/migration")
        .baselineOnMigrate(true).baselineVersion("0").target(target).load();
  }

  private static void backfills(DataSource dataSource) throws Exception {
    flyway(dataSource, "22").migrate();
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    List<String> executions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = UUID.randomUUID().toString();
      executions.add(id);
      jdbc.update("INSERT INTO flowline_pipeline_execution (id, pipeline_name, pipeline_version, status, start_time, "
          + "last_update_time) VALUES (?, 'migrated', 1, 'Succeeded', 1, 1)", id);
      for (String stage : List.of("Source", "Deploy")) {
        jdbc.update("INSERT INTO flowline_stage_execution (pipeline_execution_id, stage_name, pipeline_name, status, "
            + "start_time, last_update_time) VALUES (?, ?, 'migrated', 'Succeeded', 1, 1)", id, stage);
      }
    }

    flyway(dataSource, "latest").migrate();

    List<String> mismatched = jdbc.queryForList("SELECT s.pipeline_execution_id FROM flowline_stage_execution s "
        + "JOIN flowline_pipeline_execution e ON e.id = s.pipeline_execution_id "
        + "WHERE s.execution_seq IS NULL OR s.execution_seq <> e.seq", String.class);
    assertThat(mismatched).isEmpty();
    assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT execution_seq) FROM flowline_stage_execution", Integer.class))
        .isEqualTo(executions.size());
    assertThat(indexes(dataSource)).contains("flowline_stage_succeeded", "flowline_stage_succeeded_up");
  }

  private static List<String> indexes(DataSource dataSource) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection connection = dataSource.getConnection()) {
      for (String table : List.of("flowline_stage_execution", "FLOWLINE_STAGE_EXECUTION")) {
        try (ResultSet rs = connection.getMetaData().getIndexInfo(null, null, table, false, false)) {
          while (rs.next()) {
            names.add(rs.getString("INDEX_NAME").toLowerCase());
          }
        }
      }
    }
    return names;
  }
}

package dev.flowline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Counts the SQL statements a subject's database executes while it runs executions, with H2's query
 * statistics: how many touch Flowline's tables and how many Camunda's, and which statements cost the
 * most time (a statement waiting for a row lock counts its wait). The benchmark's own polling is marked
 * {@code /*bench*}{@code /} and left out. Idle polling (job acquisition, the worker's fetch) is included.
 */
final class SqlProfile {
  private static final int TOP = 12;

  private SqlProfile() {}

  interface Work {
    /** Runs executions and returns how many it ran. */
    int run() throws Exception;
  }

  /** Also writes every statement with its count per execution to {@code dumpDir/<label>.txt}. */
  static Results.SqlCounts measure(String label, DataSource dataSource, Work work, Path dumpDir) throws Exception {
    statistics(dataSource, false);
    statistics(dataSource, true);
    int executions;
    List<Row> rows;
    try {
      executions = work.run();
    } finally {
      rows = read(dataSource);
      statistics(dataSource, false);
    }
    rows = rows.stream().filter(r -> !r.sql.contains("/*bench*/")).toList();
    dump(label, rows, executions, dumpDir);
    long total = rows.stream().mapToLong(Row::count).sum();
    long flowline = rows.stream().filter(r -> r.lower().contains("flowline_")).mapToLong(Row::count).sum();
    long acquisition = rows.stream().filter(Row::isPolling).mapToLong(Row::count).sum();
    List<String> top = new ArrayList<>();
    rows.stream().sorted(Comparator.comparingDouble(Row::millis).reversed()).limit(TOP).forEach(r -> top.add(
        String.format(Locale.ROOT, "%7.1f/exec %8.0f ms  %s", executions == 0 ? 0.0 : (double) r.count / executions,
            r.millis, r.shortSql())));
    return new Results.SqlCounts(label, executions, total, flowline, total - flowline, acquisition, top);
  }

  private record Row(String sql, long count, double millis) {
    String lower() {
      return sql.toLowerCase(Locale.ROOT);
    }

    /** Job acquisition and the workers' fetchAndLock: they run whether or not there is work. */
    boolean isPolling() {
      String s = lower();
      return s.contains("lock_exp_time_") && s.startsWith("select")
          && (s.contains("act_ru_job") || s.contains("act_ru_ext_task"));
    }

    String shortSql() {
      String flat = sql.replaceAll("\\s+", " ").strip();
      return flat.length() <= 150 ? flat : flat.substring(0, 147) + "...";
    }
  }

  private static void dump(String label, List<Row> rows, int executions, Path dumpDir) throws IOException {
    Files.createDirectories(dumpDir);
    List<String> lines = new ArrayList<>();
    lines.add(label + ": " + executions + " executions; per execution, total ms, statement");
    rows.stream().sorted(Comparator.comparingLong(Row::count).reversed()).forEach(r -> lines.add(String.format(
        Locale.ROOT, "%7.2f %9.1f  %s", executions == 0 ? 0.0 : (double) r.count / executions, r.millis,
        r.sql.replaceAll("\\s+", " ").strip())));
    Files.write(dumpDir.resolve(label.replaceAll("[^A-Za-z0-9]+", "-") + ".txt"), lines);
  }

  private static void statistics(DataSource dataSource, boolean on) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      if (on) {
        statement.execute("SET QUERY_STATISTICS_MAX_ENTRIES 5000");
      }
      statement.execute("SET QUERY_STATISTICS " + (on ? "TRUE" : "FALSE"));
    }
  }

  private static List<Row> read(DataSource dataSource) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT, CUMULATIVE_EXECUTION_TIME "
            + "FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
      while (rs.next()) {
        rows.add(new Row(rs.getString(1), rs.getLong(2), rs.getDouble(3)));
      }
    }
    return rows;
  }
}

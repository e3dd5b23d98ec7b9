package dev.flowline.cluster;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A fresh, empty PostgreSQL database on the machine's server (127.0.0.1:5432, user postgres, trust auth), named
 * {@code flowline_it_<random>} and dropped on close. A test using it is skipped only when the server cannot be
 * reached.
 */
public final class PostgresDatabase implements AutoCloseable {

  public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  public static final String USER = "postgres";

  private final String name;
  private final DriverManagerDataSource dataSource;

  private PostgresDatabase(String name) {
    this.name = name;
    this.dataSource = new DriverManagerDataSource(url(), USER, "");
  }

  public static PostgresDatabase create() throws SQLException {
    String name = "flowline_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection admin = admin(); Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    }
    return new PostgresDatabase(name);
  }

  private static Connection admin() {
    try {
      return DriverManager.getConnection(SERVER + "postgres", USER, "");
    } catch (SQLException e) {
      assumeTrue(false, "PostgreSQL is not reachable on 127.0.0.1:5432: " + e.getMessage());
      throw new IllegalStateException(e);
    }
  }

  public String url() {
    return SERVER + name;
  }

  String name() {
    return name;
  }

  public JdbcTemplate jdbc() {
    return new JdbcTemplate(dataSource);
  }

  @Override
  public void close() throws SQLException {
    try (Connection admin = admin(); Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }
}

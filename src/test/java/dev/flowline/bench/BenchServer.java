package dev.flowline.bench;

import dev.flowline.FlowlineApplication;
import dev.flowline.actions.s3.ObjectStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole Flowline (SpringApplication, application.yml's settings) for the benchmarks that measure it as a
 * server over time (GrowthBenchmark, HistoryBenchmark): on {@code h2} (a file under a fresh data directory) or
 * {@code postgres} (a fresh database on 127.0.0.1:5432, dropped on close), demo off, free ports, quiet logging.
 */
final class BenchServer implements AutoCloseable {
  final String database;
  final Path dataDir;
  final ConfigurableApplicationContext context;
  final JdbcTemplate jdbc;
  private final String postgresDatabase;

  private BenchServer(String database, Path dataDir, ConfigurableApplicationContext context, String postgresDatabase) {
    this.database = database;
    this.dataDir = dataDir;
    this.context = context;
    this.jdbc = new JdbcTemplate(context.getBean(DataSource.class));
    this.postgresDatabase = postgresDatabase;
  }

  /** Boots on {@code database} (h2 or postgres) with an emptied {@code dataDir}; {@code prefix} names the PostgreSQL database. */
  static BenchServer boot(String database, Path dataDir, String prefix) throws Exception {
    deleteRecursively(dataDir);
    Files.createDirectories(dataDir);
    List<String> arguments = new ArrayList<>(List.of(
        "--flowline.data-dir=" + dataDir,
        "--flowline.demo.enabled=false",
        "--server.port=0",
        "--flowline.s3.server.port=0",
        "--logging.level.root=WARN",
        "--logging.level.dev.flowline=WARN",
        "--logging.level.org.camunda=WARN"));
    String postgres = null;
    if (database.equals("postgres")) {
      postgres = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
      adminExecute("CREATE DATABASE " + postgres);
      arguments.add("--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/" + postgres);
      arguments.add("--spring.datasource.username=postgres");
    }
    SpringApplication application = new SpringApplication(FlowlineApplication.class);
    application.setBannerMode(Banner.Mode.OFF);
    application.setLogStartupInfo(false);
    try {
      return new BenchServer(database, dataDir, application.run(arguments.toArray(String[]::new)), postgres);
    } catch (RuntimeException e) {
      if (postgres != null) {
        adminExecute("DROP DATABASE IF EXISTS " + postgres + " WITH (FORCE)");
      }
      throw e;
    }
  }

  boolean postgres() {
    return postgresDatabase != null;
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  int port() {
    return ((ServletWebServerApplicationContext) context).getWebServer().getPort();
  }

  /** Puts a zip holding one file at s3://{@code bucket}/{@code key} of the local object store. */
  void putZip(String bucket, String key, String entry, String content) throws IOException {
    Files.createDirectories(dataDir.resolve("s3").resolve(bucket));
    Path zip = Files.createTempFile("bench-source", ".zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry(entry));
      out.write(content.getBytes());
      out.closeEntry();
    }
    bean(ObjectStore.class).putObject(bucket, key, zip, ObjectStore.PutOptions.contentType("application/zip"));
    Files.delete(zip);
  }

  @Override
  public void close() throws Exception {
    try {
      context.close();
    } finally {
      if (postgresDatabase != null) {
        adminExecute("DROP DATABASE IF EXISTS " + postgresDatabase + " WITH (FORCE)");
      }
    }
  }

  private static void adminExecute(String sql) throws Exception {
    try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        Statement statement = admin.createStatement()) {
      statement.execute(sql);
    }
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}

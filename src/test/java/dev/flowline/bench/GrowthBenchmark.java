package dev.flowline.bench;

import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.PipelineService;
import dev.flowline.engine.StartRequest;
import dev.flowline.pipeline.PipelineCodec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How much the database, the logs and the JVM grow per execution (issue #11, "Bounded resources"). Run it with
 * {@code mvn -B -Pgrowth verify}. For each database of {@code bench.databases} (h2,postgres) the whole
 * application boots as it runs in production (application.yml's settings; H2 as a file under
 * {@code bench.dataDir}, PostgreSQL as a fresh database on 127.0.0.1:5432 that is dropped afterwards), runs
 * {@code bench.growthWarmup} executions (200) of an S3 source -> S3 deploy pipeline, then {@code bench.executions}
 * (10,000) with at most {@code bench.inflight} (32) in flight, idles {@code bench.idleSeconds} (75: past H2's
 * retention time, so freed chunks can be reused), runs the configured cleanups once, and prints the size of the
 * database per execution, a table breakdown, the heap after a full GC and the process's resident set. The JVM
 * running it is started with the server's default heap bound (the {@code growth} profile passes it).
 */
public final class GrowthBenchmark {
  private static final String PIPELINE = "growth";
  private static final String SOURCE_BUCKET = "growth-source";
  private static final String SITE_BUCKET = "growth-site";

  private final Path dataDir;
  private final String database;
  private final List<String> report = new ArrayList<>();

  private GrowthBenchmark(Path dataDir, String database) {
    this.dataDir = dataDir;
    this.database = database;
  }

  public static void main(String[] args) throws Exception {
    int executions = Integer.getInteger("bench.executions", 10_000);
    int warmup = Integer.getInteger("bench.growthWarmup", 200);
    int inflight = Integer.getInteger("bench.inflight", 32);
    int idleSeconds = Integer.getInteger("bench.idleSeconds", 75);
    Path dataDir = Path.of(System.getProperty("bench.dataDir", "target/growth-data")).toAbsolutePath();
    List<String> all = new ArrayList<>();
    for (String database : System.getProperty("bench.databases", "h2,postgres").split(",")) {
      GrowthBenchmark bench = new GrowthBenchmark(dataDir.resolve(database.strip()), database.strip());
      bench.run(executions, warmup, inflight, idleSeconds);
      all.addAll(bench.report);
    }
    Path reportFile = Path.of(System.getProperty("bench.report", "target/growth-report.md"));
    Files.createDirectories(reportFile.toAbsolutePath().getParent());
    Files.write(reportFile, all);
    System.exit(0);
  }

  private void run(int executions, int warmup, int inflight, int idleSeconds) throws Exception {
    line("## Growth on " + database + " (" + Instant.now() + ", " + executions + " executions after " + warmup
        + " warm-up, at most " + inflight + " in flight, " + Runtime.getRuntime().availableProcessors() + " cores, -Xmx"
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m)");
    line("");
    line(memory("before boot"));
    try (BenchServer server = BenchServer.boot(database, dataDir, "flowline_growth")) {
      ConfigurableApplicationContext context = server.context;
      JdbcTemplate jdbc = server.jdbc;
      ExecutionService executionService = server.bean(ExecutionService.class);
      server.putZip(SOURCE_BUCKET, "site.zip", "index.html", "<h1>growth</h1>");
      Files.createDirectories(dataDir.resolve("s3").resolve(SITE_BUCKET));
      server.bean(PipelineService.class).create(PipelineCodec.read(pipeline()));
      line(memory("after boot"));
      long booted = size(jdbc);
      line("- database after boot and CreatePipeline: " + mb(booted));

      runExecutions(jdbc, executionService, warmup, inflight);
      long base = size(jdbc);
      long baseLogs = directorySize(dataDir.resolve("logs"));
      line("- database after the warm-up: " + mb(base) + "; logs " + mb(baseLogs));
      line("");
      line("| executions | database | bytes / execution since warm-up | exec/s | heap after GC | RSS |");
      line("|---|---|---|---|---|---|");
      int step = Math.max(1, executions / 5);
      int done = 0;
      long t0 = System.currentTimeMillis();
      while (done < executions) {
        int batch = Math.min(step, executions - done);
        long t = System.currentTimeMillis();
        runExecutions(jdbc, executionService, batch, inflight);
        done += batch;
        double rate = batch * 1000.0 / Math.max(1, System.currentTimeMillis() - t);
        long now = size(jdbc);
        line(String.format(Locale.ROOT, "| %d | %s | %,d | %.1f | %s | %s |", done, mb(now), (now - base) / done, rate,
            mb(heapAfterGc()), mb(status("VmRSS"))));
      }
      double total = executions * 1000.0 / Math.max(1, System.currentTimeMillis() - t0);
      line("");
      long afterRun = size(jdbc);
      line(String.format(Locale.ROOT, "- after the run (%.1f exec/s): database %s, %,d bytes per execution",
          total, mb(afterRun), (afterRun - base) / executions));
      line(String.format(Locale.ROOT, "- logs: %s for %d files", mb(directorySize(dataDir.resolve("logs"))),
          fileCount(dataDir.resolve("logs"))));
      Thread.sleep(idleSeconds * 1000L);
      runCleanups(context);
      long afterIdle = size(jdbc);
      line(String.format(Locale.ROOT, "- after %d s idle and the cleanups: database %s, %,d bytes per execution",
          idleSeconds, mb(afterIdle), (afterIdle - base) / executions));
      line(memory("after the run"));
      line("");
      breakdown(jdbc);
      line("");
    }
  }

  /** Runs the retention cleanup and the H2 compaction the application schedules, once, as their schedule would. */
  private void runCleanups(ConfigurableApplicationContext context) {
    for (String bean : List.of("retentionCleanup", "h2Maintenance")) {
      if (context.containsBean(bean)) {
        context.getBean(bean, Runnable.class).run();
      }
    }
  }

  private void runExecutions(JdbcTemplate jdbc, ExecutionService executions, int count, int inflight)
      throws InterruptedException {
    for (int i = 0; i < count; i++) {
      while (open(jdbc) >= inflight) {
        Thread.sleep(20);
      }
      executions.start(PIPELINE, new StartRequest(Map.of(), null, List.of(), "Benchmark", "growth"));
    }
    long deadline = System.currentTimeMillis() + Waits.BURST_PATIENCE_MILLIS;
    while (open(jdbc) > 0) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("executions did not end within " + Waits.BURST_PATIENCE_MILLIS + " ms");
      }
      Thread.sleep(50);
    }
    Integer failed = jdbc.queryForObject("SELECT COUNT(*) FROM flowline_pipeline_execution WHERE status <> 'Succeeded'",
        Integer.class);
    if (failed != null && failed > 0) {
      throw new IllegalStateException(failed + " executions did not succeed");
    }
  }

  private int open(JdbcTemplate jdbc) {
    Integer open = jdbc.queryForObject("SELECT COUNT(*) FROM flowline_pipeline_execution "
        + "WHERE pipeline_name = ? AND status IN ('InProgress', 'Stopping')", Integer.class, PIPELINE);
    return open == null ? 0 : open;
  }

  private long size(JdbcTemplate jdbc) {
    if (database.equals("postgres")) {
      Long bytes = jdbc.queryForObject("SELECT pg_database_size(current_database())", Long.class);
      return bytes == null ? 0 : bytes;
    }
    try {
      return Files.size(dataDir.resolve("db").resolve("flowline.mv.db"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private void breakdown(JdbcTemplate jdbc) {
    line("| table | rows | bytes (with indexes) |");
    line("|---|---|---|");
    List<Object[]> rows = new ArrayList<>();
    if (database.equals("postgres")) {
      jdbc.query("SELECT relname, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n "
          + "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'", rs -> {
            rows.add(new Object[] {rs.getString(1), rs.getLong(2)});
          });
    } else {
      for (String table : jdbc.queryForList("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES "
          + "WHERE TABLE_SCHEMA = 'PUBLIC'", String.class)) {
        rows.add(new Object[] {table, jdbc.queryForObject("CALL DISK_SPACE_USED(?)", Long.class,
            "PUBLIC.\"" + table + "\"")});
      }
    }
    rows.sort((a, b) -> Long.compare((Long) b[1], (Long) a[1]));
    for (Object[] row : rows) {
      if ((Long) row[1] == 0) {
        continue;
      }
      Long count = jdbc.queryForObject("SELECT COUNT(*) FROM \"" + row[0] + "\"", Long.class);
      line(String.format(Locale.ROOT, "| %s | %,d | %,d |", row[0], count, row[1]));
    }
    if (database.equals("h2")) {
      line("");
      for (Map<String, Object> setting : jdbc.queryForList("SELECT SETTING_NAME, SETTING_VALUE FROM "
          + "INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME LIKE 'info.%'")) {
        line("- " + setting.get("SETTING_NAME") + " = " + setting.get("SETTING_VALUE"));
      }
    }
  }

  private static String pipeline() {
    return """
        { "pipeline": {
            "name": "%s",
            "roleArn": "arn:aws:iam::123456789012:role/growth",
            "artifactStore": { "type": "S3", "location": "flowline-artifacts" },
            "pipelineType": "V2",
            "executionMode": "PARALLEL",
            "stages": [
              { "name": "Source", "actions": [ {
                  "name": "Source",
                  "actionTypeId": { "category": "Source", "owner": "AWS", "provider": "S3", "version": "1" },
                  "configuration": { "S3Bucket": "%s", "S3ObjectKey": "site.zip", "PollForSourceChanges": "false" },
                  "outputArtifacts": [ { "name": "Site" } ] } ] },
              { "name": "Deploy", "actions": [ {
                  "name": "Deploy",
                  "actionTypeId": { "category": "Deploy", "owner": "AWS", "provider": "S3", "version": "1" },
                  "configuration": { "BucketName": "%s", "Extract": "true" },
                  "inputArtifacts": [ { "name": "Site" } ] } ] } ] } }
        """.formatted(PIPELINE, SOURCE_BUCKET, SITE_BUCKET);
  }

  private static String memory(String when) {
    return "- JVM " + when + ": heap after GC " + mb(heapAfterGc()) + ", RSS " + mb(status("VmRSS")) + " (peak "
        + mb(status("VmHWM")) + ")";
  }

  private static long heapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** A size line of /proc/self/status (VmRSS, VmHWM), in bytes. */
  private static long status(String key) {
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
      return lines.filter(l -> l.startsWith(key + ":")).findFirst()
          .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).orElse(-1L);
    } catch (IOException e) {
      return -1;
    }
  }

  private static long directorySize(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static long fileCount(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).count();
    }
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }

  private void line(String text) {
    report.add(text);
    System.out.println(text);
  }
}

package dev.flowline.bench;

import dev.flowline.FlowlineApplication;
import dev.flowline.actions.s3.ObjectStore;
import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.PipelineService;
import dev.flowline.engine.StartRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole Flowline application as it runs in production (application.yml's engine, job executor and
 * worker settings), on an in-memory H2, with the demo off, quiet logging, its data under the benchmark's
 * data directory, and the benchmark's no-op action types registered.
 */
final class FlowlineApp implements AutoCloseable {
  static final String TRIGGER = "Benchmark";

  private final ConfigurableApplicationContext context;
  final PipelineService pipelines;
  final ExecutionService executions;
  final JdbcTemplate jdbc;
  final DataSource dataSource;

  private FlowlineApp(ConfigurableApplicationContext context) {
    this.context = context;
    this.pipelines = context.getBean(PipelineService.class);
    this.executions = context.getBean(ExecutionService.class);
    this.dataSource = context.getBean(DataSource.class);
    this.jdbc = new JdbcTemplate(dataSource);
  }

  static FlowlineApp boot(Path dataDir, String database) {
    SpringApplication application = new SpringApplication(FlowlineApplication.class, NoOpActions.class);
    application.setBannerMode(Banner.Mode.OFF);
    application.setLogStartupInfo(false);
    // command-line arguments, so they win over application.yml
    return new FlowlineApp(application.run(
        "--spring.datasource.url=jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=256",
        "--flowline.data-dir=" + dataDir.toAbsolutePath(),
        "--flowline.demo.enabled=false",
        "--server.port=0",
        "--flowline.s3.server.port=0",
        "--logging.level.root=WARN",
        "--logging.level.dev.flowline=WARN",
        "--logging.level.org.camunda=WARN"));
  }

  /** The HTTP port the application listens on (the benchmark boots it on a free one). */
  int port() {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  /** Puts the one-file source zip the Commands pipelines' S3 source action reads. */
  void putSourceObject(Path dataDir) throws IOException {
    Files.createDirectories(dataDir.resolve("s3").resolve(BenchPipelines.SOURCE_BUCKET));
    Path zip = Files.createTempFile("bench-source", ".zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("README.txt"));
      out.write("benchmark source".getBytes());
      out.closeEntry();
    }
    context.getBean(ObjectStore.class).putObject(BenchPipelines.SOURCE_BUCKET, BenchPipelines.SOURCE_KEY, zip,
        ObjectStore.PutOptions.contentType("application/zip"));
    Files.delete(zip);
  }

  /** Creates the pipeline and waits until the execution CreatePipeline starts has ended. */
  void create(String name, String mode, BenchPipelines.Work work) throws InterruptedException {
    pipelines.create(BenchPipelines.pipeline(name, mode, work));
    long deadline = System.currentTimeMillis() + Waits.SINGLE_PATIENCE_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      List<String> statuses = jdbc.queryForList("SELECT /*bench*/ status FROM flowline_pipeline_execution "
          + "WHERE pipeline_name = ?", String.class, name);
      if (!statuses.isEmpty() && !statuses.contains("InProgress")) {
        if (!statuses.get(0).equals("Succeeded")) {
          throw new IllegalStateException("The first execution of " + name + " ended " + statuses.get(0));
        }
        return;
      }
      Thread.sleep(Waits.BURST_POLL_MILLIS);
    }
    throw new IllegalStateException("The first execution of " + name + " did not end within a minute");
  }

  String start(String pipeline) {
    return executions.start(pipeline, new StartRequest(Map.of(), null, List.of(), TRIGGER, "benchmark"));
  }

  @Override
  public void close() {
    context.close();
  }
}

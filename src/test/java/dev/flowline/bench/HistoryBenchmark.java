package dev.flowline.bench;

import dev.flowline.FlowlineApplication;
import dev.flowline.actions.s3.ObjectStore;
import dev.flowline.api.ApiProperties;
import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionRecords.ActionOutcome;
import dev.flowline.execution.ExecutionRecords.NewAction;
import dev.flowline.execution.ExecutionRecords.NewExecution;
import dev.flowline.execution.ExecutionStatus;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/**
 * Issue #16, "Speed with history": GetPipelineState and ListPipelineExecutions' first page (maxResults 100, the
 * default, and 10) at 10, 1,000 and 10,000 executions of one pipeline's history, through the real AWS SDK v2
 * client over HTTP. Flowline runs whole (SpringApplication) on H2 or PostgreSQL ({@code bench.databases},
 * default {@code h2,postgres}); CreatePipeline starts the first real execution (it waits at the approval), and
 * the rest of the history is written with {@link ExecutionRecords}, the same record-writing code the engine's
 * listeners call, 100 executions per transaction, each with two stages and two succeeded actions (the source one
 * with a revision). Run by {@code mvn -B -Phistory verify} (docs/benchmarks.md).
 */
public final class HistoryBenchmark {

  private static final String PIPELINE = "history";
  private static final String SOURCE_BUCKET = "history-source";

  private final Path dataDir;
  private final String database;
  private final List<String> report = new ArrayList<>();

  private HistoryBenchmark(Path dataDir, String database) {
    this.dataDir = dataDir;
    this.database = database;
  }

  public static void main(String[] args) throws Exception {
    int[] levels = Arrays.stream(System.getProperty("bench.levels", "10,1000,10000").split(","))
        .mapToInt(s -> Integer.parseInt(s.strip())).toArray();
    int warmup = Integer.getInteger("bench.historyWarmup", 300);
    int samples = Integer.getInteger("bench.samples", 1000);
    Path dataDir = Path.of(System.getProperty("bench.dataDir", "target/history-data")).toAbsolutePath();
    List<String> all = new ArrayList<>();
    for (String database : System.getProperty("bench.databases", "h2,postgres").split(",")) {
      HistoryBenchmark bench = new HistoryBenchmark(dataDir.resolve(database.strip()), database.strip());
      bench.run(levels, warmup, samples);
      all.addAll(bench.report);
    }
    Path reportFile = Path.of(System.getProperty("bench.report", "target/history-report.md"));
    Files.createDirectories(reportFile.toAbsolutePath().getParent());
    Files.write(reportFile, all);
    System.exit(0);
  }

  private void run(int[] levels, int warmup, int samples) throws Exception {
    deleteRecursively(dataDir);
    Files.createDirectories(dataDir);
    String postgres = null;
    List<String> arguments = new ArrayList<>(List.of(
        "--flowline.data-dir=" + dataDir,
        "--flowline.demo.enabled=false",
        "--server.port=0",
        "--logging.level.root=WARN",
        "--logging.level.dev.flowline=WARN",
        "--logging.level.org.camunda=WARN"));
    if (database.equals("postgres")) {
      postgres = "flowline_history_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
      adminExecute("CREATE DATABASE " + postgres);
      arguments.add("--spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/" + postgres);
      arguments.add("--spring.datasource.username=postgres");
    }
    SpringApplication application = new SpringApplication(FlowlineApplication.class);
    application.setBannerMode(Banner.Mode.OFF);
    application.setLogStartupInfo(false);
    try (ConfigurableApplicationContext context = application.run(arguments.toArray(String[]::new))) {
      int port = ((ServletWebServerApplicationContext) context).getWebServer().getPort();
      putSource(context.getBean(ObjectStore.class));
      JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
      ExecutionRecords records = context.getBean(ExecutionRecords.class);
      TransactionTemplate tx = new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
      try (CodePipelineClient client = CodePipelineClient.builder()
          .endpointOverride(URI.create("http://127.0.0.1:" + port))
          .region(Region.US_EAST_1)
          .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
              ApiProperties.DEFAULT_ACCESS_KEY_ID, ApiProperties.DEFAULT_SECRET_ACCESS_KEY)))
          .httpClient(UrlConnectionHttpClient.create())
          .build()) {
        client.createPipeline(r -> r.pipeline(p -> p.name(PIPELINE)
            .roleArn("arn:aws:iam::123456789012:role/history")
            .artifactStore(s -> s.type("S3").location("flowline-artifacts"))
            .stages(
                s -> s.name("Source").actions(a -> a.name("Source")
                    .actionTypeId(t -> t.category("Source").owner("AWS").provider("S3").version("1"))
                    .configuration(Map.of("S3Bucket", SOURCE_BUCKET, "S3ObjectKey", "app.zip",
                        "PollForSourceChanges", "false"))
                    .outputArtifacts(o -> o.name("Src"))),
                s -> s.name("Approve").actions(a -> a.name("Approve")
                    .actionTypeId(t -> t.category("Approval").owner("AWS").provider("Manual").version("1"))))));
        line("## History on " + database + " (" + Instant.now() + ", " + Runtime.getRuntime().availableProcessors()
            + " cores, " + warmup + " warm-up calls and " + samples + " measured calls per figure)");
        line("");
        line("| executions | GetPipelineState p50 / p95 ms | ListPipelineExecutions (100) p50 / p95 ms "
            + "| ListPipelineExecutions (10) p50 / p95 ms | filled in s |");
        line("|---|---|---|---|---|");
        int have = count(jdbc);
        double[] first = null;
        for (int level : levels) {
          long fillStart = System.nanoTime();
          fill(records, tx, level - have);
          have = Math.max(have, level);
          if (postgres != null) {
            jdbc.execute("ANALYZE");
          }
          double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
          double[] state = measure(warmup, samples, () -> client.getPipelineState(r -> r.name(PIPELINE)));
          double[] page = measure(warmup, samples, () -> client.listPipelineExecutions(r -> r.pipelineName(PIPELINE)));
          double[] small = measure(warmup, samples,
              () -> client.listPipelineExecutions(r -> r.pipelineName(PIPELINE).maxResults(10)));
          if (first == null) {
            first = new double[] {state[0], page[0], small[0]};
          }
          line(String.format("| %,d | %.2f / %.2f (%.2f×) | %.2f / %.2f (%.2f×) | %.2f / %.2f (%.2f×) | %.1f |",
              count(jdbc), state[0], state[1], state[0] / first[0], page[0], page[1], page[0] / first[1],
              small[0], small[1], small[0] / first[2], fillSeconds));
        }
        line("");
      }
    } finally {
      if (postgres != null) {
        adminExecute("DROP DATABASE IF EXISTS " + postgres + " WITH (FORCE)");
      }
    }
  }

  private static int count(JdbcTemplate jdbc) {
    return jdbc.queryForObject("SELECT COUNT(*) FROM flowline_pipeline_execution WHERE pipeline_name = ?",
        Integer.class, PIPELINE);
  }

  /** Writes {@code n} finished executions through the engine's own record writer, 100 per transaction. */
  private static void fill(ExecutionRecords records, TransactionTemplate tx, int n) {
    for (int done = 0; done < n; done += 100) {
      int batch = Math.min(100, n - done);
      tx.executeWithoutResult(status -> {
        for (int i = 0; i < batch; i++) {
          String id = UUID.randomUUID().toString();
          records.insertExecution(new NewExecution(id, PIPELINE, 1, null, "StartPipelineExecution",
              "arn:aws:iam::123456789012:user/bench", "SUPERSEDED", "STANDARD", null, null, Map.of(), List.of()));
          records.stageStarted(id, PIPELINE, "Source");
          String source = UUID.randomUUID().toString();
          records.insertAction(new NewAction(source, id, PIPELINE, 1, "Source", "Source", null, null));
          records.actionOutcome(source, new ActionOutcome(ExecutionStatus.SUCCEEDED, null, null, null, null, null,
              null, null, null, null, UUID.randomUUID().toString(), null, "bench revision", null, null));
          records.stageFinished(id, "Source", ExecutionStatus.SUCCEEDED);
          records.stageStarted(id, PIPELINE, "Approve");
          String approve = UUID.randomUUID().toString();
          records.insertAction(new NewAction(approve, id, PIPELINE, 1, "Approve", "Approve", null, null));
          records.actionOutcome(approve, new ActionOutcome(ExecutionStatus.SUCCEEDED, "approved", null, null, null,
              null, null, null, null, null, null, null, null, null, "bench"));
          records.stageFinished(id, "Approve", ExecutionStatus.SUCCEEDED);
          records.finishExecution(id, ExecutionStatus.SUCCEEDED, null);
        }
      });
    }
  }

  /** p50 and p95 in milliseconds of {@code samples} calls after {@code warmup} unmeasured ones. */
  private static double[] measure(int warmup, int samples, Supplier<?> call) {
    for (int i = 0; i < warmup; i++) {
      call.get();
    }
    long[] nanos = new long[samples];
    for (int i = 0; i < samples; i++) {
      long t0 = System.nanoTime();
      call.get();
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    return new double[] {nanos[samples / 2] / 1e6, nanos[samples * 95 / 100] / 1e6};
  }

  private void putSource(ObjectStore objects) throws IOException {
    Files.createDirectories(dataDir.resolve("s3").resolve(SOURCE_BUCKET));
    Path zip = Files.createTempFile("history-source", ".zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("README.md"));
      out.write("# history\n".getBytes());
      out.closeEntry();
    }
    objects.putObject(SOURCE_BUCKET, "app.zip", zip, ObjectStore.PutOptions.contentType("application/zip"));
    Files.delete(zip);
  }

  private void line(String text) {
    report.add(text);
    System.out.println(text);
  }

  private static void adminExecute(String sql) throws Exception {
    try (Connection admin = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "");
        Statement statement = admin.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
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

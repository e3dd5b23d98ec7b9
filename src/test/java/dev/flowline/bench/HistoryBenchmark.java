package dev.flowline.bench;

import dev.flowline.api.ApiProperties;
import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.HistoryFill;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/**
 * Issue #16, "Speed with history": GetPipelineState, ListPipelineExecutions and ListActionExecutions at 10, 1,000 and
 * 10,000 executions of one pipeline's history, through the real AWS SDK v2 client over HTTP, and the console's
 * pipeline page in headless Chromium. Flowline runs whole ({@link BenchServer}) on H2 or PostgreSQL
 * ({@code bench.databases}, default {@code h2,postgres}); CreatePipeline starts the first real execution (it waits
 * at the approval), and the rest of the history is written with {@link HistoryFill} (the record writer the engine's
 * listeners call). At each level: GetPipelineState; ListPipelineExecutions' first page (maxResults 100 and 10) and
 * page N = level / 200 (page 50 at 10,000: executions 4,901–5,000); ListActionExecutions' first page and page N
 * (maxResults 100); and, with {@code bench.console} (default true, needs chromium), first-contentful-paint and
 * responseEnd of the console's pipeline page ({@link ConsolePaint}). Run by {@code mvn -B -Phistory verify}
 * (docs/benchmarks.md).
 */
public final class HistoryBenchmark {

  private static final String PIPELINE = "history";
  private static final String SOURCE_BUCKET = "history-source";
  private static final HistoryFill.Shape SHAPE = new HistoryFill.Shape("Source", "Source", "Approve", "Approve");

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
    int loads = Integer.getInteger("bench.consoleLoads", 20);
    boolean console = Boolean.parseBoolean(System.getProperty("bench.console", "true")) && ConsolePaint.available();
    Path dataDir = Path.of(System.getProperty("bench.dataDir", "target/history-data")).toAbsolutePath();
    List<String> all = new ArrayList<>();
    for (String database : System.getProperty("bench.databases", "h2,postgres").split(",")) {
      HistoryBenchmark bench = new HistoryBenchmark(dataDir.resolve(database.strip()), database.strip());
      bench.run(levels, warmup, samples, console ? loads : 0);
      all.addAll(bench.report);
    }
    Path reportFile = Path.of(System.getProperty("bench.report", "target/history-report.md"));
    Files.createDirectories(reportFile.toAbsolutePath().getParent());
    Files.write(reportFile, all);
    System.exit(0);
  }

  private void run(int[] levels, int warmup, int samples, int loads) throws Exception {
    try (BenchServer server = BenchServer.boot(database, dataDir, "flowline_history");
        CodePipelineClient client = CodePipelineClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                ApiProperties.DEFAULT_ACCESS_KEY_ID, ApiProperties.DEFAULT_SECRET_ACCESS_KEY)))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
        ConsolePaint browser = loads > 0 ? new ConsolePaint(server.port(), "admin", "admin") : null) {
      server.putZip(SOURCE_BUCKET, "app.zip", "README.md", "# history\n");
      HistoryFill fill = new HistoryFill(server.bean(ExecutionRecords.class),
          new TransactionTemplate(server.bean(PlatformTransactionManager.class)));
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
          + " cores, load average " + loadAverage() + ", " + warmup + " warm-up calls and " + samples
          + " measured calls per API figure, " + loads + " page loads per console figure)");
      line("");
      line("p50 / p95 in ms (ratio of p50 to the first level). Page N = executions / 200 (maxResults 100): page 50 at "
          + "10,000 executions.");
      line("");
      line("| executions | GetPipelineState | ListPipelineExecutions (100) page 1 | ListPipelineExecutions (100) page N "
          + "| ListPipelineExecutions (10) page 1 | ListActionExecutions (100) page 1 | ListActionExecutions (100) page N "
          + "| console first-contentful-paint | console responseEnd | filled in s |");
      line("|---|---|---|---|---|---|---|---|---|---|");
      int have = count(server);
      List<String> paintLines = new ArrayList<>();
      Latency[] first = null;
      ConsolePaint.Figures firstPaint = null;
      for (int level : levels) {
        long fillStart = System.nanoTime();
        fill.add(PIPELINE, SHAPE, level - have);
        have = Math.max(have, level);
        if (server.postgres()) {
          server.jdbc.execute("ANALYZE");
        }
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
        int pageN = Math.max(1, level / 200);
        String executionsToken = tokenOfPage(pageN, t -> client.listPipelineExecutions(r -> r.pipelineName(PIPELINE)
            .nextToken(t)).nextToken());
        String actionsToken = tokenOfPage(pageN, t -> client.listActionExecutions(r -> r.pipelineName(PIPELINE)
            .nextToken(t)).nextToken());
        Latency[] figures = {
            Latency.measure(warmup, samples, () -> client.getPipelineState(r -> r.name(PIPELINE))),
            Latency.measure(warmup, samples, () -> client.listPipelineExecutions(r -> r.pipelineName(PIPELINE))),
            Latency.measure(warmup, samples, () -> client.listPipelineExecutions(r -> r.pipelineName(PIPELINE)
                .nextToken(executionsToken))),
            Latency.measure(warmup, samples, () -> client.listPipelineExecutions(r -> r.pipelineName(PIPELINE)
                .maxResults(10))),
            Latency.measure(warmup, samples, () -> client.listActionExecutions(r -> r.pipelineName(PIPELINE))),
            Latency.measure(warmup, samples, () -> client.listActionExecutions(r -> r.pipelineName(PIPELINE)
                .nextToken(actionsToken))),
        };
        ConsolePaint.Figures paint = browser == null ? null
            : browser.measure("/console/pipelines/" + PIPELINE, 3, loads);
        if (first == null) {
          first = figures;
          firstPaint = paint;
        }
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %,d", count(server)));
        for (int i = 0; i < figures.length; i++) {
          row.append(" | ").append(i == 2 || i == 5 ? "page " + pageN + ": " : "").append(figures[i].cell(first[i]));
        }
        row.append(" | ").append(paint == null ? "–" : paint.firstContentfulPaint().cell(firstPaint.firstContentfulPaint()))
            .append(" | ").append(paint == null ? "–" : paint.responseEnd().cell(firstPaint.responseEnd()));
        line(row.append(String.format(Locale.ROOT, " | %.1f |", fillSeconds)).toString());
        if (paint != null) {
          paintLines.add(String.format(Locale.ROOT, "| %,d | %.1f | %.1f | %.1f | %.1f | %.1f |", level,
              paint.responseStart(), paint.responseEnd().p50(), paint.renderBlockingEnd(), paint.scriptsBeforePaint(),
              paint.firstContentfulPaint().p50()));
        }
      }
      line("");
      if (!paintLines.isEmpty()) {
        line("Before the console's first paint (p50 ms from the start of the navigation):");
        line("");
        line("| executions | first byte (responseStart) | responseEnd | stylesheet done | scripts run before the paint "
            + "| first-contentful-paint |");
        line("|---|---|---|---|---|---|");
        paintLines.forEach(this::line);
        line("");
      }
    }
  }

  /** The nextToken that opens page {@code page} (null for page 1), found by walking the pages before it. */
  private static String tokenOfPage(int page, UnaryOperator<String> next) {
    String token = null;
    for (int i = 1; i < page; i++) {
      token = next.apply(token);
    }
    return token;
  }

  private static int count(BenchServer server) {
    return server.jdbc.queryForObject("SELECT COUNT(*) FROM flowline_pipeline_execution WHERE pipeline_name = ?",
        Integer.class, PIPELINE);
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private void line(String text) {
    report.add(text);
    System.out.println(text);
  }
}

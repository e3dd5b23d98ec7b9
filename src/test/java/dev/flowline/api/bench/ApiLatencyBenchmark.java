package dev.flowline.api.bench;

import dev.flowline.FlowlineApplication;
import dev.flowline.api.ApiProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Latency of GetPipelineState and ListPipelineExecutions with 1,000 executions in a pipeline's history:
 * starts Flowline (embedded H2 file database under target/bench-data), starts 1,000 executions through the
 * API, waits until the engine has settled them (superseded, or waiting at the approval), then times
 * SigV4-signed requests over one keep-alive HTTP/1.1 connection (signing is done before
 * the clock starts) and prints p50 / p90 / p99 / max. Run:
 * {@code java -cp target/classes:target/test-classes:<dependencies> dev.flowline.api.bench.ApiLatencyBenchmark}.
 */
public final class ApiLatencyBenchmark {

  static final String PIPELINE = "bench";
  static final int EXECUTIONS = 1_000;
  static final int WARMUP = 300;
  static final int SAMPLES = 2_000;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI endpoint;

  private ApiLatencyBenchmark(int port) {
    this.endpoint = URI.create("http://127.0.0.1:" + port + "/");
  }

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of("target/bench-data").toAbsolutePath();
    deleteRecursively(dataDir);
    putSource(dataDir.resolve("s3/bench-source/app.zip"));
    ConfigurableApplicationContext app = SpringApplication.run(FlowlineApplication.class,
        "--server.port=0", "--flowline.s3.server.port=0", "--flowline.data-dir=" + dataDir, "--flowline.demo.enabled=false",
        "--logging.level.root=warn", "--logging.level.dev.flowline=warn");
    try {
      int port = ((ServletWebServerApplicationContext) app).getWebServer().getPort();
      new ApiLatencyBenchmark(port).run();
    } finally {
      app.close();
    }
  }

  private void run() throws Exception {
    call("CreatePipeline", PIPELINE_JSON);
    long started = System.nanoTime();
    for (int i = 1; i < EXECUTIONS; i++) {
      call("StartPipelineExecution", "{\"name\":\"" + PIPELINE + "\"}");
    }
    System.out.printf("started %d executions (1 by CreatePipeline) in %d ms%n", EXECUTIONS,
        (System.nanoTime() - started) / 1_000_000);
    long settling = System.nanoTime();
    int running = awaitSettled();
    System.out.printf("settled (%d executions still InProgress: at the approval and waiting in front of it) in %d ms%n",
        running, (System.nanoTime() - settling) / 1_000_000);

    measure("GetPipelineState", "{\"name\":\"" + PIPELINE + "\"}");
    measure("ListPipelineExecutions", "{\"pipelineName\":\"" + PIPELINE + "\"}");
    measure("ListPipelineExecutions (maxResults 10)", "ListPipelineExecutions",
        "{\"pipelineName\":\"" + PIPELINE + "\",\"maxResults\":10}");
  }

  /** Waits (at most 2 minutes) until the engine has superseded every execution but the ones at the approval. */
  private int awaitSettled() throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    int running;
    do {
      running = 0;
      String token = null;
      do {
        String page = call("ListPipelineExecutions", "{\"pipelineName\":\"" + PIPELINE + "\",\"maxResults\":100"
            + (token == null ? "" : ",\"nextToken\":\"" + token + "\"") + "}");
        running += page.split("\"status\":\"InProgress\"", -1).length - 1;
        int at = page.indexOf("\"nextToken\":\"");
        token = at < 0 ? null : page.substring(at + 13, page.indexOf('"', at + 13));
      } while (token != null);
      if (running > 2) {
        Thread.sleep(500);
      }
    } while (running > 2 && System.nanoTime() < deadline);
    return running;
  }

  private void measure(String operation, String body) throws Exception {
    measure(operation, operation, body);
  }

  private void measure(String label, String operation, String body) throws Exception {
    for (int i = 0; i < WARMUP; i++) {
      send(signed(operation, body));
    }
    long[] micros = new long[SAMPLES];
    for (int i = 0; i < SAMPLES; i++) {
      HttpRequest request = signed(operation, body);
      long t0 = System.nanoTime();
      send(request);
      micros[i] = (System.nanoTime() - t0) / 1_000;
    }
    Arrays.sort(micros);
    System.out.printf("%-40s n=%d  p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n", label, SAMPLES,
        micros[SAMPLES / 2] / 1000.0, micros[SAMPLES * 90 / 100] / 1000.0, micros[SAMPLES * 99 / 100] / 1000.0,
        micros[SAMPLES - 1] / 1000.0);
  }

  private String call(String operation, String body) throws Exception {
    return send(signed(operation, body));
  }

  private String send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  private HttpRequest signed(String operation, String body) {
    SdkHttpRequest unsigned = SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(endpoint)
        .putHeader("X-Amz-Target", "CodePipeline_20150709." + operation)
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .build();
    SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(ApiProperties.DEFAULT_ACCESS_KEY_ID,
            ApiProperties.DEFAULT_SECRET_ACCESS_KEY))
        .request(unsigned)
        .payload(ContentStreamProvider.fromUtf8String(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "codepipeline")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.systemUTC())).request();
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
      if (!header.getKey().equalsIgnoreCase("host")) {
        header.getValue().forEach(value -> request.header(header.getKey(), value));
      }
    }
    return request.build();
  }

  private static void putSource(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("README.md"));
      zip.write("# bench\n".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static final String PIPELINE_JSON = """
      {"pipeline": {"name": "bench", "roleArn": "arn:aws:iam::123456789012:role/flowline",
        "artifactStore": {"type": "S3", "location": "flowline-artifacts"},
        "stages": [
          {"name": "Source", "actions": [{"name": "Source",
            "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
            "configuration": {"S3Bucket": "bench-source", "S3ObjectKey": "app.zip", "PollForSourceChanges": "false"},
            "outputArtifacts": [{"name": "Src"}]}]},
          {"name": "Approve", "actions": [{"name": "Approve",
            "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"}}]}
        ]}}
      """;
}

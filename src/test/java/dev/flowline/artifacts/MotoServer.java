package dev.flowline.artifacts;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real {@code moto_server} on a free port, for tests of the S3 backends. Start it in {@code @BeforeAll},
 * close it in {@code @AfterAll}; the test is skipped only when the binary is not installed.
 */
public final class MotoServer implements AutoCloseable {

  private final Process process;
  private final URI endpoint;
  private final Path log;

  private MotoServer(Process process, URI endpoint, Path log) {
    this.process = process;
    this.endpoint = endpoint;
    this.log = log;
  }

  public static MotoServer start() throws IOException, InterruptedException {
    String binary = findOnPath("moto_server");
    assumeTrue(binary != null, "moto_server is not installed");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = Files.createTempFile("moto-", ".log");
    ProcessBuilder builder = new ProcessBuilder(binary, "-H", "127.0.0.1", "-p", String.valueOf(port))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile());
    builder.environment().put("MOTO_RECORDER_FILEPATH", recording(log).toString());
    Process process = builder.start();
    MotoServer server = new MotoServer(process, URI.create("http://127.0.0.1:" + port), log);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
    while (!server.answers()) {
      if (!process.isAlive() || Instant.now().isAfter(deadline)) {
        String output = Files.readString(log);
        server.close();
        throw new IllegalStateException("moto_server did not start: " + output);
      }
      Thread.sleep(100);
    }
    return server;
  }

  public URI endpoint() {
    return endpoint;
  }

  /** Forgets every resource of every service (POST /moto-api/reset). */
  public void reset() throws IOException {
    post("/moto-api/reset", "");
  }

  /**
   * Changes moto's behaviour (POST /moto-api/config), e.g. {@code {"stepfunctions": {"execute_state_machine": true}}}
   * to run state machines instead of leaving every execution RUNNING.
   */
  public void configure(String json) throws IOException {
    post("/moto-api/config", json);
  }

  private void post(String path, String body) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
    connection.setRequestMethod("POST");
    connection.setDoOutput(true);
    connection.setRequestProperty("Content-Type", "application/json");
    connection.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    int status = connection.getResponseCode();
    connection.disconnect();
    if (status / 100 != 2) {
      throw new IOException("moto_server answered " + status + " to POST " + path);
    }
  }

  public S3Client s3Client() {
    return S3Clients.create(endpoint, "us-east-1", StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor();
      Files.deleteIfExists(log);
      Files.deleteIfExists(recording(log));
    } catch (IOException | InterruptedException e) {
      // a leftover temp log is harmless
    }
  }

  /**
   * Starts (again) moto's request recorder with an empty recording: from now on moto writes down every request
   * it receives, which {@link #recordedRequests()} returns. For tests that count the calls an executor made.
   */
  public void startRecording() throws IOException {
    post("/moto-api/recorder/reset-recording", "");
    post("/moto-api/recorder/start-recording", "");
  }

  /** The requests moto received since {@link #startRecording()}, one JSON object a line (method, url, headers, body). */
  public List<String> recordedRequests() throws IOException {
    HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/recorder/download-recording")
        .toURL().openConnection();
    try (var in = connection.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
    } finally {
      connection.disconnect();
    }
  }

  private static Path recording(Path log) {
    return Path.of(log + ".requests");
  }

  private boolean answers() {
    try {
      HttpURLConnection connection = (HttpURLConnection) endpoint.toURL().openConnection();
      connection.setConnectTimeout(500);
      connection.setReadTimeout(2000);
      int status = connection.getResponseCode();
      connection.disconnect();
      return status > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static String findOnPath(String name) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst()
        .orElse(null);
  }
}

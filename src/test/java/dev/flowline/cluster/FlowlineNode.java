package dev.flowline.cluster;

import dev.flowline.api.ApiProperties;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/**
 * One Flowline server as a separate OS process: {@code java dev.flowline.FlowlineApplication} on the test's own
 * class path (main classes and dependencies, not the test classes), a free port, its output in a log file.
 * {@link #kill()} is a crash: SIGKILL, no shutdown hooks, no graceful stop. Every node still alive when the test
 * JVM exits is killed too.
 */
final class FlowlineNode implements AutoCloseable {

  private static final Duration STARTUP = Duration.ofSeconds(180);
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(FlowlineNode::killTree)));
  }

  private final String name;
  private final Process process;
  private final int port;
  private final Path log;
  private Duration startup;

  private FlowlineNode(String name, Process process, int port, Path log) {
    this.name = name;
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts a node and waits until it answers HTTP.
   *
   * @param properties Spring properties, passed as {@code --name=value}
   */
  static FlowlineNode start(String name, Path logDirectory, Map<String, String> properties) throws IOException,
      InterruptedException {
    int port = freePort();
    Map<String, String> all = new LinkedHashMap<>(properties);
    all.put("server.port", String.valueOf(port));
    all.putIfAbsent("flowline.s3.server.port", "0"); // S3 endpoint (issue 12): nodes on one machine
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", mainClassPath(),
        "dev.flowline.FlowlineApplication"));
    all.forEach((key, value) -> command.add("--" + key + "=" + value));
    Files.createDirectories(logDirectory);
    Path log = logDirectory.resolve(name + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    // the AWS SDK's default credentials chain of the node reads these; nothing of the caller's AWS setup leaks in
    builder.environment().keySet().removeIf(key -> key.startsWith("AWS_"));
    builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
        "AWS_REGION", "us-east-1"));
    Instant begin = Instant.now();
    Process process = builder.start();
    LIVE.add(process);
    FlowlineNode node = new FlowlineNode(name, process, port, log);
    node.awaitAnswer();
    node.startup = Duration.between(begin, Instant.now());
    return node;
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  Path log() {
    return log;
  }

  /** How long the node took from process start to its first HTTP answer. */
  Duration startup() {
    return startup;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** The real AWS SDK v2 CodePipeline client, signed with Flowline's default local key pair. */
  CodePipelineClient codePipeline() {
    return CodePipelineClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            ApiProperties.DEFAULT_ACCESS_KEY_ID, ApiProperties.DEFAULT_SECRET_ACCESS_KEY)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /**
   * Crashes the node: SIGKILL to the JVM, then to the processes it had started (a crashed machine takes them
   * along; a killed JVM alone would leave them running as orphans). Returns when all of them are dead.
   */
  void kill() throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL");
    }
    children.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle child : children) {
      child.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }
    LIVE.remove(process);
  }

  @Override
  public void close() {
    killTree(process);
    LIVE.remove(process);
  }

  private static void killTree(Process process) {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The last lines of the node's log, for failure messages. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(log);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Camunda's engine list answers without authentication once the web server is up. */
  private void awaitAnswer() throws InterruptedException {
    Instant deadline = Instant.now().plus(STARTUP);
    HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/engine-rest/engine"))
        .timeout(Duration.ofSeconds(5)).GET().build();
    while (true) {
      if (!process.isAlive()) {
        LIVE.remove(process);
        throw new IllegalStateException(name + " exited with " + process.exitValue() + " while starting:\n"
            + logTail(60));
      }
      try {
        int status = HTTP.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status == 200 || status == 401) {
          return;
        }
      } catch (ConnectException e) {
        // not listening yet
      } catch (IOException e) {
        // listening but not answering yet
      }
      if (Instant.now().isAfter(deadline)) {
        close();
        throw new IllegalStateException(name + " did not answer within " + STARTUP + ":\n" + logTail(60));
      }
      Thread.sleep(200);
    }
  }

  /**
   * The class path of the test JVM without its test classes. Under Surefire {@code java.class.path} is only the
   * booter jar, so the full path comes from {@code surefire.test.class.path} when it is set.
   */
  private static String mainClassPath() {
    String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(entry -> !entry.replace('\\', '/').endsWith("/test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", port " + port + ")";
  }
}

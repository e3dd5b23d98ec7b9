package dev.flowline.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sits between a Flowline process and {@code moto_server}'s CodeBuild, for two reasons. moto writes build
 * times as ISO-8601 strings where the AWS JSON protocol has epoch seconds, which the Java SDK in the unmodified
 * Flowline process cannot read (the in-JVM tests fix that with an SDK interceptor; a separate process gets no
 * such hook), so this rewrites them and leaves everything else untouched. And it counts the CodeBuild
 * operations it forwards, so a test sees on the wire how many times Flowline called StartBuild.
 */
final class CodeBuildProxy implements AutoCloseable {

  private static final Pattern ISO_TIME =
      Pattern.compile("(\"[A-Za-z]*[Tt]ime\"\\s*:\\s*)\"(\\d{4}-\\d{2}-\\d{2}T[^\"]+)\"");
  private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "date", "expect", "from",
      "host", "upgrade", "via", "warning", "transfer-encoding");

  private final HttpServer server;
  private final ExecutorService threads;
  private final URI target;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<String> operations = new CopyOnWriteArrayList<>();

  private CodeBuildProxy(HttpServer server, ExecutorService threads, URI target) {
    this.server = server;
    this.threads = threads;
    this.target = target;
  }

  static CodeBuildProxy start(URI moto) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    CodeBuildProxy proxy = new CodeBuildProxy(server, threads, moto);
    server.createContext("/", proxy::forward);
    server.setExecutor(threads);
    server.start();
    return proxy;
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** How many requests for {@code operation} (e.g. StartBuild) were forwarded so far. */
  long count(String operation) {
    return operations.stream().filter(operation::equals).count();
  }

  private void forward(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String amzTarget = exchange.getRequestHeaders().getFirst("X-Amz-Target");
      if (amzTarget != null) {
        operations.add(amzTarget.substring(amzTarget.lastIndexOf('.') + 1));
      }
      HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
          .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
          values.forEach(value -> request.header(name, value));
        }
      });
      HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      byte[] answer = epochSeconds(response.body());
      response.headers().map().forEach((name, values) -> {
        if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
          exchange.getResponseHeaders().put(name, values);
        }
      });
      exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
      if (answer.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] epochSeconds(byte[] body) {
    String json = new String(body, StandardCharsets.UTF_8);
    Matcher m = ISO_TIME.matcher(json);
    if (!m.find()) {
      return body;
    }
    StringBuilder fixed = new StringBuilder();
    do {
      Instant instant = Instant.parse(m.group(2));
      String seconds = BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3).toPlainString();
      m.appendReplacement(fixed, Matcher.quoteReplacement(m.group(1) + seconds));
    } while (m.find());
    m.appendTail(fixed);
    return fixed.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}

package dev.flowline.actions.invoke;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's Invoke operation as the service speaks it on the wire (REST-JSON: {@code POST
 * /2015-03-31/functions/<name>/invocations}, {@code X-Amz-Invocation-Type}, 202 with an empty body for an Event
 * invocation, 404 with {@code x-amzn-ErrorType: ResourceNotFoundException} and Lambda's "Function not found" message
 * for a function that does not exist), for the Flowline tests that play a function's part: moto registers functions
 * but runs them only in docker, and the test must see the event a function receives. It records every invocation
 * and runs nothing. One shared instance serves the tests' application context (see {@link LambdaDoubleEndpoint}).
 */
public final class LambdaDouble implements AutoCloseable {

  /** One Invoke call as the function would receive it. */
  public record Invocation(String functionName, String invocationType, String payload) {}

  private static final Pattern PATH = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations");
  private static final Pattern REGION = Pattern.compile("Credential=[^/]+/\\d{8}/([^/]+)/lambda/");
  private static LambdaDouble shared;

  private final HttpServer server;
  private final Set<String> functions = ConcurrentHashMap.newKeySet();
  private final List<Invocation> invocations = new CopyOnWriteArrayList<>();

  private LambdaDouble() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread thread = new Thread(r, "lambda-double");
      thread.setDaemon(true);
      return thread;
    }));
    server.start();
  }

  public static LambdaDouble start() {
    try {
      return new LambdaDouble();
    } catch (IOException e) {
      throw new IllegalStateException("The Lambda test double did not start", e);
    }
  }

  /** The instance the test application context's Lambda endpoint points at. */
  public static synchronized LambdaDouble shared() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Creates a function of that name (it then answers Invoke). */
  public void addFunction(String name) {
    functions.add(name);
  }

  /** The invocations of {@code functionName} so far, oldest first. */
  public List<Invocation> invocations(String functionName) {
    return invocations.stream().filter(i -> i.functionName().equals(functionName)).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      Matcher path = PATH.matcher(exchange.getRequestURI().getRawPath());
      String requestId = UUID.randomUUID().toString();
      exchange.getResponseHeaders().add("x-amzn-RequestId", requestId);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      if (!"POST".equals(exchange.getRequestMethod()) || !path.matches()) {
        send(exchange, 404, "UnknownOperationException", "{\"message\":\"Unknown operation\"}");
        return;
      }
      String name = URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
      String function = name.contains(":function:") ? name.substring(name.indexOf(":function:") + 10) : name;
      if (!functions.contains(function)) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        Matcher region = REGION.matcher(authorization == null ? "" : authorization);
        String arn = "arn:aws:lambda:" + (region.find() ? region.group(1) : "us-east-1") + ":123456789012:function:"
            + function;
        send(exchange, 404, "ResourceNotFoundException",
            "{\"Type\":\"User\",\"Message\":\"Function not found: " + arn + "\"}");
        return;
      }
      String type = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
      type = type == null ? "RequestResponse" : type;
      invocations.add(new Invocation(function, type, body));
      if ("Event".equals(type)) {
        exchange.sendResponseHeaders(202, -1);
      } else {
        send(exchange, 200, null, "null");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String errorType, String body) throws IOException {
    if (errorType != null) {
      exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}

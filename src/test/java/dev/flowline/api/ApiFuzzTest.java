package dev.flowline.api;

import static dev.flowline.api.ApiClients.TARGET_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.FlowlineTest;
import dev.flowline.api.model.ServiceModel;
import dev.flowline.api.model.ServiceModel.Shape;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Thousands of properly signed, malformed or boundary requests generated from CodePipeline's service model:
 * for every operation, an input built from its shape and then broken in one place (a wrong type, a missing
 * required member, an unknown member, a string over its length or with control characters and lone
 * surrogates, a number out of range, deep nesting), plus bodies that are not JSON objects, invalid UTF-8,
 * unknown targets and wrong content types. No answer may be a 5xx, every refusal is an AWS error document,
 * and nothing is stored. Seeded: a failure names the request number; {@code -Dfuzz.seed=} replays a run.
 */
@FlowlineTest
class ApiFuzzTest {

  private static final int REQUESTS = 3000;
  private static final int CLIENTS = 4;
  private static final long SEED = Long.getLong("fuzz.seed", 20261205L);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/";

  @LocalServerPort
  int port;

  @Autowired
  ServiceModel model;

  @Autowired
  OperationRegistry registry;

  @Autowired
  JdbcTemplate jdbc;

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  @DisplayName("given thousands of signed malformed and boundary requests for every operation, then no 5xx, "
      + "every refusal is an AWS error, and no pipeline or deployment is stored")
  void malformedRequestsAreRefusedWithoutStoringAnything() throws Exception {
    String pipelinesBefore = pipelines();
    int deploymentsBefore = deployments();
    List<String> operations = new ArrayList<>(model.operationNames());
    Collections.sort(operations);
    List<String> implemented = new ArrayList<>(registry.implemented());
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    int[] statuses = new int[600];

    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      done.add(clients.submit(() -> {
        for (int n = client; n < REQUESTS; n += CLIENTS) {
          Random random = new Random(SEED * 31 + n);
          FuzzRequest request = generate(random, random.nextInt(100) < 85 ? implemented : operations);
          HttpResponse<String> response = send(request);
          synchronized (statuses) {
            statuses[response.statusCode()]++;
          }
          String problem = problem(response);
          if (problem != null && failures.size() < 20) {
            failures.add("#" + n + " " + request.describe() + " -> " + response.statusCode() + " " + problem
                + ": " + abbreviate(response.body()));
          }
        }
        return null;
      }));
    }
    for (Future<?> future : done) {
      future.get(5, TimeUnit.MINUTES);
    }
    clients.shutdown();

    assertThat(failures).as("seed %d", SEED).isEmpty();
    assertThat(statuses[400] + statuses[413]).as("most requests are refused").isGreaterThan(REQUESTS / 2);
    assertThat(statuses[200]).as("the generator is not all noise: some requests pass").isPositive();
    assertThat(pipelines()).as("ListPipelines after the fuzz").isEqualTo(pipelinesBefore);
    assertThat(deployments()).as("Camunda deployments after the fuzz").isEqualTo(deploymentsBefore);
  }

  private static String problem(HttpResponse<String> response) {
    if (response.statusCode() >= 500) {
      return "server error";
    }
    if (response.statusCode() == 200) {
      return null;
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      return body.path("__type").isTextual() && body.path("message").isTextual() ? null : "not an AWS error";
    } catch (Exception e) {
      return "unreadable error body";
    }
  }

  private String pipelines() {
    return String.join(",", jdbc.queryForList("SELECT name FROM flowline_pipeline ORDER BY name", String.class));
  }

  private int deployments() {
    return jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RE_DEPLOYMENT", Integer.class);
  }

  record FuzzRequest(String target, String contentType, byte[] body, String mutation) {
    String describe() {
      return target + " [" + contentType + "] " + mutation + " " + abbreviate(new String(body, StandardCharsets.UTF_8));
    }
  }

  private FuzzRequest generate(Random random, List<String> operations) {
    String operation = operations.get(random.nextInt(operations.size()));
    String target = TARGET_PREFIX + operation;
    int roll = random.nextInt(100);
    if (roll < 4) {
      target = List.of(TARGET_PREFIX + "NoSuchOperation", "CodePipeline_20150709", "", "CodePipeline_20150709.",
          "Nope_1.ListPipelines", TARGET_PREFIX + operation.toLowerCase(), TARGET_PREFIX + "../" + operation)
          .get(random.nextInt(7));
    }
    String contentType = "application/x-amz-json-1.1";
    if (random.nextInt(100) < 5) {
      contentType = List.of("text/plain", "application/xml", "%%%", "application/x-www-form-urlencoded",
          "application/json").get(random.nextInt(5));
    }
    roll = random.nextInt(100);
    if (roll < 3) {
      return new FuzzRequest(target, contentType, new byte[0], "empty body");
    }
    if (roll < 8) {
      String raw = List.of("null", "[]", "\"text\"", "123", "{", "{\"a\":", "{}}", "{\"a\":1,}", "tru", "{\"\u0000\":1}",
          "{\"a\":1e99999}", "{\"a\":\"\\ud800\"}", "\uFEFF{}").get(random.nextInt(13));
      return new FuzzRequest(target, contentType, raw.getBytes(StandardCharsets.UTF_8), "raw " + raw);
    }
    if (roll < 11) {
      byte[] invalid = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF,
          (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'};
      return new FuzzRequest(target, contentType, invalid, "invalid UTF-8");
    }
    if (roll < 13) {
      int depth = 500 + random.nextInt(20_000);
      String open = random.nextBoolean() ? "{\"a\":" : "[";
      String close = open.equals("[") ? "]" : "}";
      String nested = "{\"name\":" + open.repeat(depth) + "1" + close.repeat(depth) + "}";
      return new FuzzRequest(target, contentType, nested.getBytes(StandardCharsets.UTF_8), "nesting " + depth);
    }
    String inputShape = model.operation(operation).orElseThrow().inputShape();
    JsonNode input = inputShape == null ? NODES.objectNode() : value(model.shape(inputShape), random, 0);
    String mutation = "none";
    if (random.nextInt(100) < 95) {
      mutation = mutate(input, inputShape == null ? null : model.shape(inputShape), random);
    }
    return new FuzzRequest(target, contentType, write(input), mutation);
  }

  /** A value that fits the shape, as far as the shape says (patterns are not honoured). */
  private JsonNode value(Shape shape, Random random, int depth) {
    switch (shape.type()) {
      case "structure": {
        ObjectNode object = NODES.objectNode();
        shape.members().forEach((member, memberShape) -> {
          if (shape.required().contains(member) || (depth < 4 && random.nextBoolean())) {
            object.set(member, value(model.shape(memberShape), random, depth + 1));
          }
        });
        return object;
      }
      case "list": {
        ArrayNode array = NODES.arrayNode();
        int size = depth < 4 ? random.nextInt(3) : 0;
        for (int i = 0; i < Math.max(size, shape.min() == null ? 0 : (int) Math.min(shape.min(), 3)); i++) {
          array.add(value(model.shape(shape.member()), random, depth + 1));
        }
        return array;
      }
      case "map": {
        ObjectNode map = NODES.objectNode();
        for (int i = 0; i < (depth < 4 ? random.nextInt(3) : 0); i++) {
          map.set(text(random, 1, 12), value(model.shape(shape.value()), random, depth + 1));
        }
        return map;
      }
      case "integer":
        long low = shape.min() == null ? 0 : shape.min();
        long high = shape.max() == null ? low + 1000 : shape.max();
        return NODES.numberNode(low + (long) (random.nextDouble() * (high - low)));
      case "boolean":
        return NODES.booleanNode(random.nextBoolean());
      case "timestamp":
        return NODES.numberNode(1_700_000_000L + random.nextInt(100_000_000));
      default:
        if (shape.enumValues() != null && !shape.enumValues().isEmpty()) {
          return NODES.textNode(shape.enumValues().get(random.nextInt(shape.enumValues().size())));
        }
        int min = shape.min() == null ? 1 : (int) Math.max(shape.min(), 0);
        int max = shape.max() == null ? 20 : (int) Math.min(shape.max(), 20);
        return NODES.textNode(text(random, Math.min(min, 20), Math.max(min, max)));
    }
  }

  /** Breaks the input in one place, found by walking a random path down from the top; says how. */
  private String mutate(JsonNode input, Shape shape, Random random) {
    ObjectNode parent = (ObjectNode) input;
    Shape parentShape = shape;
    StringBuilder path = new StringBuilder();
    while (true) {
      List<String> names = new ArrayList<>();
      parent.fieldNames().forEachRemaining(names::add);
      if (names.isEmpty() || random.nextInt(3) == 0) {
        break;
      }
      String name = names.get(random.nextInt(names.size()));
      JsonNode child = parent.get(name);
      if (!child.isObject() || parentShape == null) {
        return replace(parent, name, parentShape, random, path.append(name));
      }
      parentShape = parentShape.type().equals("structure") && parentShape.members().containsKey(name)
          ? model.shape(parentShape.members().get(name))
          : parentShape.type().equals("map") ? model.shape(parentShape.value()) : null;
      if (parentShape == null || !parentShape.type().equals("structure") && !parentShape.type().equals("map")) {
        return replace(parent, name, parentShape, random, path.append(name));
      }
      path.append(name).append('.');
      parent = (ObjectNode) child;
    }
    int kind = random.nextInt(3);
    if (kind == 0 && parentShape != null && !parentShape.required().isEmpty()) {
      String required = new ArrayList<>(parentShape.required()).get(random.nextInt(parentShape.required().size()));
      parent.remove(required);
      return "missing required " + path + required;
    }
    String unknown = kind == 1 ? "unknownMember" : text(random, 1, 30);
    parent.set(unknown, bad(random, null));
    return "unknown member " + path + unknown;
  }

  private String replace(ObjectNode parent, String name, Shape parentShape, Random random, StringBuilder path) {
    Shape memberShape = parentShape == null ? null
        : parentShape.type().equals("structure") && parentShape.members().containsKey(name)
            ? model.shape(parentShape.members().get(name))
            : parentShape.type().equals("map") ? model.shape(parentShape.value()) : null;
    JsonNode replacement = bad(random, memberShape);
    parent.set(name, replacement);
    return "replaced " + path + " with " + abbreviate(replacement.toString());
  }

  /** A value that is wrong, or at an edge, for a member of {@code shape} (or for anything). */
  private JsonNode bad(Random random, Shape shape) {
    long max = shape == null || shape.max() == null ? 1000 : shape.max();
    switch (random.nextInt(14)) {
      case 0: return NODES.nullNode();
      case 1: return NODES.numberNode(new BigInteger("9223372036854775808").multiply(BigInteger.valueOf(1000)));
      case 2: return NODES.numberNode(-1 - random.nextInt(Integer.MAX_VALUE));
      case 3: return NODES.numberNode(random.nextDouble() * 1e300);
      case 4: return NODES.booleanNode(true);
      case 5: return NODES.arrayNode().add(1).add("two").addNull();
      case 6: return NODES.objectNode().put("nested", "object");
      case 7: return NODES.textNode("x".repeat((int) Math.min(max + 1, 2_000_000)));
      case 8: return NODES.textNode("x".repeat(100_000 + random.nextInt(400_000)));
      case 9: return NODES.textNode("nul\u0000and\u0007bell\u001b[31m\r\nCRLF");
      case 10: return NODES.textNode("lone \ud800 surrogate \udfff");
      case 11: return NODES.textNode("../../etc/passwd");
      case 12: return NODES.textNode("");
      default: return NODES.textNode("\u202e\u0000" + "é".repeat(300));
    }
  }

  private static String text(Random random, int min, int max) {
    int length = min + (max > min ? random.nextInt(max - min + 1) : 0);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return text.toString();
  }

  private static byte[] write(JsonNode input) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      JSON.writeValue(out, input);
      return out.toByteArray();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> send(FuzzRequest request) {
    SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
        .uri(URI.create("http://127.0.0.1:" + port + "/"));
    if (!request.target().isEmpty()) {
      unsigned.putHeader("X-Amz-Target", request.target());
    }
    unsigned.putHeader("Content-Type", request.contentType());
    SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(ApiProperties.DEFAULT_ACCESS_KEY_ID,
            ApiProperties.DEFAULT_SECRET_ACCESS_KEY))
        .request(unsigned.build())
        .payload(ContentStreamProvider.fromByteArrayUnsafe(request.body()))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "codepipeline")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.systemUTC())).request();
    HttpRequest.Builder builder = HttpRequest.newBuilder(signed.getUri())
        .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
    for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
      if (!header.getKey().equalsIgnoreCase("host") && !header.getKey().equalsIgnoreCase("content-length")) {
        header.getValue().forEach(value -> builder.header(header.getKey(), value));
      }
    }
    try {
      return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("request failed: " + request.describe(), e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() > 160 ? text.substring(0, 160) + "...(" + text.length() + " chars)" : text;
  }
}

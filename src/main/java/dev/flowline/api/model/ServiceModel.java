package dev.flowline.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An AWS JSON service's wire contract, read from a service model in the AWS SDK's format: CodePipeline's
 * own ({@code classpath:aws/codepipeline.service-2.json}) or the CodeCommit subset Flowline serves
 * ({@code classpath:aws/codecommit.service-2.json}): the operations, their input and output shapes, and
 * each shape's constraints. Immutable once loaded.
 */
public final class ServiceModel {

  public static final String RESOURCE = "aws/codepipeline.service-2.json";

  private final String targetPrefix;
  private final String signingName;
  private final Map<String, Operation> operations;
  private final Map<String, Shape> shapes;

  /** An operation: its name and its input/output shape names (output null when the model has none). */
  public record Operation(String name, String inputShape, String outputShape) {}

  /**
   * A shape and its constraints. {@code members} keeps the model's order; {@code min}/{@code max} are
   * lengths for strings, lists and maps and values for numbers.
   */
  public record Shape(String name, String type, Map<String, String> members, Set<String> required, Long min,
      Long max, Pattern pattern, List<String> enumValues, String member, String key, String value,
      boolean sensitive) {

    public boolean isScalar() {
      return !type.equals("structure") && !type.equals("list") && !type.equals("map");
    }
  }

  private ServiceModel(String targetPrefix, String signingName, Map<String, Operation> operations,
      Map<String, Shape> shapes) {
    this.targetPrefix = targetPrefix;
    this.signingName = signingName;
    this.operations = operations;
    this.shapes = shapes;
  }

  /** Loads CodePipeline's model shipped on the classpath; fails fast when it is missing or malformed. */
  public static ServiceModel load() {
    return load(RESOURCE);
  }

  /** Loads the model {@code resource} from the classpath; fails fast when it is missing or malformed. */
  public static ServiceModel load(String resource) {
    try (InputStream in = ServiceModel.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Service model " + resource + " is not on the classpath");
      }
      return parse(new ObjectMapper().readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read service model " + resource, e);
    }
  }

  static ServiceModel parse(JsonNode root) {
    Map<String, Operation> operations = new TreeMap<>();
    root.path("operations").fields().forEachRemaining(e -> operations.put(e.getKey(), new Operation(e.getKey(),
        textOrNull(e.getValue().path("input").path("shape")), textOrNull(e.getValue().path("output").path("shape")))));
    Map<String, Shape> shapes = new LinkedHashMap<>();
    root.path("shapes").fields().forEachRemaining(e -> shapes.put(e.getKey(), shape(e.getKey(), e.getValue())));
    for (Operation operation : operations.values()) {
      if (operation.inputShape() != null && !shapes.containsKey(operation.inputShape())) {
        throw new IllegalStateException("Service model: operation " + operation.name() + " names unknown shape "
            + operation.inputShape());
      }
    }
    JsonNode metadata = root.path("metadata");
    String signingName = metadata.path("signingName").asText(metadata.path("endpointPrefix").asText());
    return new ServiceModel(metadata.path("targetPrefix").asText(), signingName,
        Collections.unmodifiableMap(operations), Collections.unmodifiableMap(shapes));
  }

  private static Shape shape(String name, JsonNode node) {
    Map<String, String> members = new LinkedHashMap<>();
    node.path("members").fields().forEachRemaining(m -> members.put(m.getKey(), m.getValue().path("shape").asText()));
    Set<String> required = new LinkedHashSet<>();
    node.path("required").forEach(r -> required.add(r.asText()));
    List<String> enumValues = new ArrayList<>();
    node.path("enum").forEach(v -> enumValues.add(v.asText()));
    Pattern pattern = node.has("pattern") ? Pattern.compile(node.get("pattern").asText(), Pattern.DOTALL) : null;
    return new Shape(name, node.path("type").asText(), Collections.unmodifiableMap(members),
        Collections.unmodifiableSet(required), node.has("min") ? node.get("min").asLong() : null,
        node.has("max") ? node.get("max").asLong() : null, pattern, List.copyOf(enumValues),
        textOrNull(node.path("member").path("shape")), textOrNull(node.path("key").path("shape")),
        textOrNull(node.path("value").path("shape")), node.path("sensitive").asBoolean(false));
  }

  private static String textOrNull(JsonNode node) {
    return node.isMissingNode() || node.isNull() ? null : node.asText();
  }

  /**
   * This model with {@code shapeName}'s pattern replaced by {@code regex}: where Flowline deliberately accepts
   * more than AWS's model (each use says why).
   */
  public ServiceModel withPattern(String shapeName, String regex) {
    Shape old = shape(shapeName);
    Map<String, Shape> changed = new LinkedHashMap<>(shapes);
    changed.put(shapeName, new Shape(old.name(), old.type(), old.members(), old.required(), old.min(), old.max(),
        Pattern.compile(regex, Pattern.DOTALL), old.enumValues(), old.member(), old.key(), old.value(),
        old.sensitive()));
    return new ServiceModel(targetPrefix, signingName, operations, Collections.unmodifiableMap(changed));
  }

  /** {@code CodePipeline_20150709}: what precedes the operation name in {@code X-Amz-Target}. */
  public String targetPrefix() {
    return targetPrefix;
  }

  /** The service name of its SigV4 credential scope, e.g. {@code codepipeline}. */
  public String signingName() {
    return signingName;
  }

  /** All operation names, sorted. */
  public Set<String> operationNames() {
    return operations.keySet();
  }

  public Optional<Operation> operation(String name) {
    return Optional.ofNullable(operations.get(name));
  }

  public Shape shape(String name) {
    Shape shape = shapes.get(name);
    if (shape == null) {
      throw new IllegalArgumentException("Service model has no shape " + name);
    }
    return shape;
  }
}

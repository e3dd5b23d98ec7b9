package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads and writes pipeline declarations in CodePipeline's JSON (and the same structure in YAML).
 * Strict: unknown members and values of the wrong JSON type are errors with a path, never silently
 * dropped or coerced, so that what is stored is exactly what was declared. Absent members are left out
 * when writing, never written as {@code null}.
 */
public final class PipelineCodec {

  private static final ObjectMapper JSON = configure(JsonMapper.builder().build());
  private static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()));
  private static final ObjectMapper PRETTY = JSON.copy().enable(SerializationFeature.INDENT_OUTPUT);

  private PipelineCodec() {}

  private static ObjectMapper configure(ObjectMapper mapper) {
    mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
    mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    mapper.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
    for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Textual, LogicalType.Boolean,
        LogicalType.Float)) {
      mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
      mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
      mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
      mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
    mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
    mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
    return mapper;
  }

  /**
   * Reads a document in JSON or YAML, with or without the top-level {@code "pipeline"} wrapper that
   * {@code --cli-input-json} uses.
   *
   * @throws PipelineFormatException if the text is not a well-formed declaration
   */
  public static PipelineDocument read(String text) {
    if (text == null || text.isBlank()) {
      throw new PipelineFormatException("", "The pipeline definition is empty");
    }
    String trimmed = text.stripLeading();
    boolean json = trimmed.startsWith("{");
    ObjectMapper mapper = json ? JSON : YAML;
    JsonNode root;
    try {
      root = mapper.readTree(text);
    } catch (JsonProcessingException e) {
      throw new PipelineFormatException("", json ? "Malformed JSON: " + jsonProblem(e) : "Malformed YAML: "
          + yamlProblem(e));
    }
    if (root == null || !root.isObject()) {
      throw new PipelineFormatException("", "The pipeline definition must be an object");
    }
    return fromTree((ObjectNode) root, !json);
  }

  /** Reads an already-parsed document (for example the body of a CreatePipeline request). */
  public static PipelineDocument fromTree(ObjectNode root) {
    return fromTree(root, false);
  }

  private static PipelineDocument fromTree(ObjectNode root, boolean yaml) {
    boolean wrapped = root.has("pipeline");
    if (wrapped) {
      root.fieldNames().forEachRemaining(field -> {
        if (!field.equals("pipeline") && !field.equals("tags")) {
          throw new PipelineFormatException(field, "Unknown member '" + field + "'");
        }
      });
      PipelineDeclaration pipeline = convert(root.get("pipeline"), PipelineDeclaration.class, "pipeline", yaml);
      List<Tag> tags = root.has("tags")
          ? List.of(convert(root.get("tags"), Tag[].class, "tags", yaml))
          : null;
      return new PipelineDocument(pipeline, tags);
    }
    return new PipelineDocument(convert(root, PipelineDeclaration.class, "pipeline", yaml), null);
  }

  /** Converts a JSON node into {@code type}, reporting problems with their path under {@code prefix}. */
  public static <T> T convert(JsonNode node, Class<T> type, String prefix) {
    return convert(node, type, prefix, false);
  }

  private static <T> T convert(JsonNode node, Class<T> type, String prefix, boolean yaml) {
    if (node == null || node.isNull()) {
      throw new PipelineFormatException(prefix, "Member '" + prefix + "' must not be null");
    }
    try {
      return JSON.treeToValue(node, type);
    } catch (JsonProcessingException e) {
      throw describe(e, node, prefix, yaml);
    } catch (IllegalArgumentException e) {
      throw new PipelineFormatException(prefix, e.getMessage());
    }
  }

  public static PipelineDeclaration readDeclaration(String json) {
    return read(json).pipeline();
  }

  /** Writes the declaration as compact JSON; {@code read(write(d))} equals {@code d}. */
  public static String write(PipelineDeclaration pipeline) {
    try {
      return JSON.writeValueAsString(pipeline);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String writePretty(PipelineDeclaration pipeline) {
    try {
      return PRETTY.writeValueAsString(pipeline);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The declaration as a JSON tree, for embedding in API responses. */
  public static JsonNode toTree(PipelineDeclaration pipeline) {
    return JSON.valueToTree(pipeline);
  }

  private static PipelineFormatException describe(JsonProcessingException e, JsonNode root, String prefix,
      boolean yaml) {
    String path = prefix;
    JsonNode value = root;
    if (e instanceof JsonMappingException mapping) {
      StringBuilder inner = new StringBuilder();
      for (JsonMappingException.Reference ref : mapping.getPath()) {
        String segment = ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex());
        inner.append('.').append(segment);
        if (value != null) {
          value = ref.getFieldName() != null ? value.get(ref.getFieldName()) : value.get(ref.getIndex());
        }
      }
      path = prefix + inner;
    }
    if (e instanceof UnrecognizedPropertyException unknown) {
      return new PipelineFormatException(path, "Unknown member '" + unknown.getPropertyName() + "'");
    }
    if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null && value != null) {
      String expected = jsonType(mismatch.getTargetType());
      String got = jsonType(value);
      String hint = yaml && expected.equals("a string") && value.isValueNode() ? "; in YAML, put the value in quotes"
          : "";
      return new PipelineFormatException(path,
          "Wrong type for '" + lastSegment(path) + "': expected " + expected + ", got " + got + hint);
    }
    return new PipelineFormatException(path, e.getOriginalMessage());
  }

  private static String jsonType(Class<?> target) {
    if (CharSequence.class.isAssignableFrom(target)) {
      return "a string";
    }
    if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
      return "an integer";
    }
    if (target == Boolean.class || target == boolean.class) {
      return "a boolean";
    }
    return Collection.class.isAssignableFrom(target) || target.isArray() ? "an array" : "an object";
  }

  private static String jsonType(JsonNode node) {
    return switch (node.getNodeType()) {
      case STRING, BINARY -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case ARRAY -> "an array";
      case NULL, MISSING -> "null";
      default -> "an object";
    };
  }

  private static String lastSegment(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  private static String jsonProblem(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage())
        .replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)]", "line $1, column $2");
    return message + location(e);
  }

  private static String yamlProblem(JsonProcessingException e) {
    if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
      String context = marked.getContext() == null ? ""
          : " (" + marked.getContext() + at(marked.getContextMark()) + ")";
      return marked.getProblem() + at(marked.getProblemMark()) + context;
    }
    return String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ").strip() + location(e);
  }

  private static String at(Mark mark) {
    return mark == null ? "" : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }
}

package dev.flowline.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.model.ServiceModel.Shape;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a request body against the operation's input shape in the service model, the way AWS's
 * request layer does before any business logic runs: JSON types, required members, members the shape
 * does not have, string length, pattern and enum, number range, list and map size.
 *
 * <p>Constraint violations are worded as AWS words them ({@code Value 'x' at 'pipeline.name' failed to
 * satisfy constraint: Member must satisfy regular expression pattern: [A-Za-z0-9.@\-_]+}); paths use
 * member names, and list elements are {@code <list>.<1-based index>.member}. A value is echoed only when
 * its shape is an identifier (has a pattern or an enum) and is not sensitive, so free text and map
 * values (which can hold secrets) never appear in messages.
 */
public final class InputValidator {

  private static final int ECHO_LIMIT = 200;

  private final ServiceModel model;

  public InputValidator(ServiceModel model) {
    this.model = model;
  }

  /**
   * The outcome: {@code typeErrors} (wrong JSON types; AWS answers these as SerializationException)
   * and {@code violations} (constraint violations; ValidationException), each in document order.
   */
  public record Report(List<String> typeErrors, List<String> violations) {
    public boolean ok() {
      return typeErrors.isEmpty() && violations.isEmpty();
    }

    /** {@code 1 validation error detected: ...} / {@code N validation errors detected: a; b}. */
    public String validationMessage() {
      int n = violations.size();
      return n + (n == 1 ? " validation error detected: " : " validation errors detected: ")
          + String.join("; ", violations);
    }
  }

  /** Validates {@code input} (a JSON object; use an empty object for an empty body) against a shape. */
  public Report validate(String shapeName, JsonNode input) {
    Walk walk = new Walk();
    walk.value(model.shape(shapeName), input, "");
    return new Report(List.copyOf(walk.typeErrors), List.copyOf(walk.violations));
  }

  private final class Walk {
    final List<String> typeErrors = new ArrayList<>();
    final List<String> violations = new ArrayList<>();

    void value(Shape shape, JsonNode node, String path) {
      switch (shape.type()) {
        case "structure" -> structure(shape, node, path);
        case "list" -> list(shape, node, path);
        case "map" -> map(shape, node, path);
        case "string" -> string(shape, node, path);
        case "integer", "long" -> integer(shape, node, path);
        case "boolean" -> {
          if (!node.isBoolean()) {
            wrongType(path, "a boolean", node);
          }
        }
        case "timestamp" -> {
          if (!node.isNumber() && !node.isTextual()) {
            wrongType(path, "a timestamp (epoch seconds)", node);
          }
        }
        default -> { }
      }
    }

    void structure(Shape shape, JsonNode node, String path) {
      if (!node.isObject()) {
        wrongType(path, "a JSON object (" + shape.name() + ")", node);
        return;
      }
      for (Map.Entry<String, String> member : shape.members().entrySet()) {
        JsonNode child = node.get(member.getKey());
        String childPath = join(path, member.getKey());
        if (child == null || child.isNull()) {
          if (shape.required().contains(member.getKey())) {
            violations.add("Value null at '" + childPath + "' failed to satisfy constraint: Member must not be null");
          }
        } else {
          value(model.shape(member.getValue()), child, childPath);
        }
      }
      for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
        String name = names.next();
        if (!shape.members().containsKey(name)) {
          violations.add("Value at '" + join(path, name) + "' failed to satisfy constraint: Member is not defined in "
              + shape.name() + " (known members: " + String.join(", ", shape.members().keySet()) + ")");
        }
      }
    }

    void list(Shape shape, JsonNode node, String path) {
      if (!node.isArray()) {
        wrongType(path, "a JSON array (" + shape.name() + ")", node);
        return;
      }
      Shape element = model.shape(shape.member());
      sizeConstraints(shape, node.size(), path, element.isScalar() && echoable(element) ? render(node) : null);
      for (int i = 0; i < node.size(); i++) {
        String elementPath = path + "." + (i + 1) + ".member";
        if (node.get(i).isNull()) {
          violations.add("Value null at '" + elementPath + "' failed to satisfy constraint: Member must not be null");
        } else {
          value(element, node.get(i), elementPath);
        }
      }
    }

    void map(Shape shape, JsonNode node, String path) {
      if (!node.isObject()) {
        wrongType(path, "a JSON object (" + shape.name() + ")", node);
        return;
      }
      sizeConstraints(shape, node.size(), path, null);
      Shape keyShape = model.shape(shape.key());
      Shape valueShape = model.shape(shape.value());
      boolean badKey = false;
      boolean badValue = false;
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        badKey |= !stringConstraintsHold(keyShape, entry.getKey());
        JsonNode value = entry.getValue();
        String valuePath = join(path, entry.getKey());
        if (valueShape.type().equals("string")) {
          if (!value.isTextual()) {
            wrongType(valuePath, "a string", value);
          } else {
            badValue |= !stringConstraintsHold(valueShape, value.asText());
          }
        } else if (!value.isNull()) {
          value(valueShape, value, valuePath);
        }
      }
      if (badKey) {
        violations.add("Value at '" + path + "' failed to satisfy constraint: Map keys must satisfy constraint: ["
            + String.join(", ", constraints(keyShape)) + "]");
      }
      if (badValue) {
        violations.add("Value at '" + path + "' failed to satisfy constraint: Map value must satisfy constraint: ["
            + String.join(", ", constraints(valueShape)) + "]");
      }
    }

    void string(Shape shape, JsonNode node, String path) {
      if (!node.isTextual()) {
        wrongType(path, "a string", node);
        return;
      }
      String text = node.asText();
      String shown = echoable(shape) ? "'" + abbreviate(text) + "'" : null;
      sizeConstraints(shape, text.codePointCount(0, text.length()), path, shown);
      if (shape.pattern() != null && !shape.pattern().matcher(text).matches()) {
        fail(path, shown, "Member must satisfy regular expression pattern: " + shape.pattern().pattern());
      }
      if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(text)) {
        fail(path, shown, "Member must satisfy enum value set: [" + String.join(", ", shape.enumValues()) + "]");
      }
    }

    void integer(Shape shape, JsonNode node, String path) {
      BigInteger value = integralValue(node);
      if (value == null || value.bitLength() > (shape.type().equals("long") ? 63 : 31)) {
        wrongType(path, "an integer", node);
        return;
      }
      String shown = "'" + value + "'";
      if (shape.min() != null && value.compareTo(BigInteger.valueOf(shape.min())) < 0) {
        fail(path, shown, "Member must have value greater than or equal to " + shape.min());
      }
      if (shape.max() != null && value.compareTo(BigInteger.valueOf(shape.max())) > 0) {
        fail(path, shown, "Member must have value less than or equal to " + shape.max());
      }
    }

    void sizeConstraints(Shape shape, long size, String path, String shown) {
      if (shape.max() != null && size > shape.max()) {
        fail(path, shown, "Member must have length less than or equal to " + shape.max());
      }
      if (shape.min() != null && size < shape.min()) {
        fail(path, shown, "Member must have length greater than or equal to " + shape.min());
      }
    }

    void fail(String path, String shown, String constraint) {
      violations.add("Value " + (shown == null ? "" : shown + " ") + "at '" + path
          + "' failed to satisfy constraint: " + constraint);
    }

    void wrongType(String path, String expected, JsonNode actual) {
      typeErrors.add("Value at '" + (path.isEmpty() ? "request body" : path) + "' must be " + expected
          + ", not " + describe(actual));
    }
  }

  private static boolean stringConstraintsHold(Shape shape, String text) {
    long length = text.codePointCount(0, text.length());
    return (shape.min() == null || length >= shape.min())
        && (shape.max() == null || length <= shape.max())
        && (shape.pattern() == null || shape.pattern().matcher(text).matches())
        && (shape.enumValues().isEmpty() || shape.enumValues().contains(text));
  }

  private static List<String> constraints(Shape shape) {
    List<String> out = new ArrayList<>();
    if (shape.max() != null) {
      out.add("Member must have length less than or equal to " + shape.max());
    }
    if (shape.min() != null) {
      out.add("Member must have length greater than or equal to " + shape.min());
    }
    if (shape.pattern() != null) {
      out.add("Member must satisfy regular expression pattern: " + shape.pattern().pattern());
    }
    if (!shape.enumValues().isEmpty()) {
      out.add("Member must satisfy enum value set: [" + String.join(", ", shape.enumValues()) + "]");
    }
    return out;
  }

  private static BigInteger integralValue(JsonNode node) {
    if (node.isIntegralNumber()) {
      return node.bigIntegerValue();
    }
    if (node.isFloatingPointNumber()) {
      BigDecimal decimal = node.decimalValue();
      return decimal.stripTrailingZeros().scale() <= 0 ? decimal.toBigInteger() : null;
    }
    return null;
  }

  private static boolean echoable(Shape shape) {
    return !shape.sensitive() && (shape.pattern() != null || !shape.enumValues().isEmpty());
  }

  private static String render(JsonNode array) {
    List<String> items = new ArrayList<>();
    array.forEach(item -> items.add(item.isTextual() ? abbreviate(item.asText()) : item.toString()));
    return "'[" + items.stream().collect(Collectors.joining(", ")) + "]'";
  }

  private static String abbreviate(String text) {
    return text.length() <= ECHO_LIMIT ? text : text.substring(0, ECHO_LIMIT) + "...";
  }

  private static String describe(JsonNode node) {
    if (node.isTextual()) {
      return "a string";
    }
    if (node.isNumber()) {
      return "a number";
    }
    if (node.isBoolean()) {
      return "a boolean";
    }
    if (node.isArray()) {
      return "a JSON array";
    }
    if (node.isObject()) {
      return "a JSON object";
    }
    return "null";
  }

  private static String join(String path, String member) {
    return path.isEmpty() ? member : path + "." + member;
  }
}

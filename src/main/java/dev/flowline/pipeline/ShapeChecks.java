package dev.flowline.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The constraint kinds of the service model (required, length, pattern, enum, range, list size, map key and
 * value) with AWS's Coral wording. Each failed constraint is one {@code ValidationException} violation.
 */
final class ShapeChecks {
  private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();
  private final List<Violation> violations = new ArrayList<>();

  List<Violation> violations() {
    return violations;
  }

  void fail(DeclarationPath path, String constraint) {
    violations.add(new Violation(path.dotted(), Violation.VALIDATION_EXCEPTION,
        "Value at '" + path.coral() + "' failed to satisfy constraint: " + constraint));
  }

  /** Reports a missing required member; true when the value is present. */
  boolean required(Object value, DeclarationPath path) {
    if (value == null) {
      violations.add(new Violation(path.dotted(), Violation.VALIDATION_EXCEPTION,
          "Value null at '" + path.coral() + "' failed to satisfy constraint: Member must not be null"));
      return false;
    }
    return true;
  }

  void string(String value, DeclarationPath path, Integer min, Integer max, String pattern) {
    if (value == null) {
      return;
    }
    for (String constraint : stringConstraints(value, min, max, pattern)) {
      fail(path, constraint);
    }
  }

  void requiredString(String value, DeclarationPath path, Integer min, Integer max, String pattern) {
    if (required(value, path)) {
      string(value, path, min, max, pattern);
    }
  }

  void enumValue(String value, DeclarationPath path, List<String> allowed) {
    if (value != null && !allowed.contains(value)) {
      fail(path, "Member must satisfy enum value set: [" + String.join(", ", allowed) + "]");
    }
  }

  void requiredEnum(String value, DeclarationPath path, List<String> allowed) {
    if (required(value, path)) {
      enumValue(value, path, allowed);
    }
  }

  void range(Integer value, DeclarationPath path, Integer min, Integer max) {
    if (value == null) {
      return;
    }
    if (min != null && value < min) {
      fail(path, "Member must have value greater than or equal to " + min);
    }
    if (max != null && value > max) {
      fail(path, "Member must have value less than or equal to " + max);
    }
  }

  /** Checks a list's size and that no element is null; true when the elements may be walked. */
  boolean list(List<?> list, DeclarationPath path, Integer min, Integer max) {
    if (list == null) {
      return false;
    }
    if (min != null && list.size() < min) {
      fail(path, "Member must have length greater than or equal to " + min);
    }
    if (max != null && list.size() > max) {
      fail(path, "Member must have length less than or equal to " + max);
    }
    for (int i = 0; i < list.size(); i++) {
      required(list.get(i), path.index(i));
    }
    return true;
  }

  void stringList(List<String> list, DeclarationPath path, Integer min, Integer max, int elementMin,
      int elementMax, String elementPattern) {
    if (list(list, path, min, max)) {
      for (int i = 0; i < list.size(); i++) {
        string(list.get(i), path.index(i), elementMin, elementMax, elementPattern);
      }
    }
  }

  /** A string-to-string map: every key and value is checked; AWS lists all constraints of the shape. */
  void stringMap(Map<String, String> map, DeclarationPath path, Integer maxEntries, int keyMin, int keyMax,
      int valueMin, int valueMax) {
    if (map == null) {
      return;
    }
    if (maxEntries != null && map.size() > maxEntries) {
      fail(path, "Member must have length less than or equal to " + maxEntries);
    }
    String keyShape = "[" + lengthConstraints(keyMin, keyMax) + "]";
    String valueShape = "[" + lengthConstraints(valueMin, valueMax) + "]";
    for (Map.Entry<String, String> entry : map.entrySet()) {
      String key = entry.getKey();
      if (!stringConstraints(key, keyMin, keyMax, null).isEmpty()) {
        fail(path.entry(key), "Map keys must satisfy constraint: " + keyShape);
      }
      if (entry.getValue() == null) {
        fail(path.entry(key), "Map value must satisfy constraint: [Member must not be null]");
      } else if (!stringConstraints(entry.getValue(), valueMin, valueMax, null).isEmpty()) {
        fail(path.entry(key), "Map value must satisfy constraint: " + valueShape);
      }
    }
  }

  private static String lengthConstraints(int min, int max) {
    return "Member must have length less than or equal to " + max
        + ", Member must have length greater than or equal to " + min;
  }

  private static List<String> stringConstraints(String value, Integer min, Integer max, String pattern) {
    List<String> failed = new ArrayList<>();
    int length = value.codePointCount(0, value.length());
    if (max != null && length > max) {
      failed.add("Member must have length less than or equal to " + max);
    }
    if (min != null && length < min) {
      failed.add("Member must have length greater than or equal to " + min);
    }
    if (pattern != null && !PATTERNS.computeIfAbsent(pattern, Pattern::compile).matcher(value).matches()) {
      failed.add("Member must satisfy regular expression pattern: " + pattern);
    }
    return failed;
  }
}

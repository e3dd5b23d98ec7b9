package dev.flowline.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CodePipeline's variable syntax, {@code #{namespace.name}}: {@code #{codepipeline.PipelineExecutionId}},
 * {@code #{variables.Name}} and {@code #{ActionNamespace.OutputVariable}}.
 */
public final class VariableReferences {
  private static final Pattern REFERENCE = Pattern.compile("#\\{([A-Za-z0-9@\\-_]+)\\.([A-Za-z0-9@\\-_.]+)}");

  private VariableReferences() {}

  /** A reference that has no value when the action starts. */
  public static final class UnresolvedVariableException extends RuntimeException {
    private final String reference;

    public UnresolvedVariableException(String reference) {
      super("Variable reference " + reference + " could not be resolved: no such variable is available "
          + "to this action");
      this.reference = reference;
    }

    public String reference() {
      return reference;
    }
  }

  /**
   * Replaces every reference in {@code text} with the value {@code lookup(namespace, name)} gives.
   *
   * @throws UnresolvedVariableException naming the first reference without a value
   */
  public static String resolve(String text, BiFunction<String, String, Optional<String>> lookup) {
    if (text == null || !text.contains("#{")) {
      return text;
    }
    Matcher matcher = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = lookup.apply(matcher.group(1), matcher.group(2))
          .orElseThrow(() -> new UnresolvedVariableException(matcher.group()));
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  public static Map<String, String> resolveAll(Map<String, String> values,
      BiFunction<String, String, Optional<String>> lookup) {
    Map<String, String> resolved = new LinkedHashMap<>();
    values.forEach((k, v) -> resolved.put(k, resolve(v, lookup)));
    return resolved;
  }
}

package dev.flowline.pipeline;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * Evaluates stage conditions: a condition is met when every one of its rules succeeds. Rule types that need
 * no AWS account: VariableCheck (EQ, NE, CONTAINS, MATCHES on a resolved variable) and DeploymentWindow
 * (the current minute falls on a cron expression, in an optional TimeZone).
 */
public final class StageConditions {

  private StageConditions() {}

  /** The outcome of one rule. */
  public record RuleOutcome(String ruleName, boolean succeeded, String summary) {}

  /** The outcome of a condition: met when every rule succeeded; {@code result} applies when it is not. */
  public record ConditionOutcome(boolean met, String result, List<RuleOutcome> rules) {
    public String summary() {
      return rules.stream().filter(r -> !r.succeeded()).map(RuleOutcome::summary).findFirst()
          .orElse("All rules succeeded");
    }
  }

  public static ConditionOutcome evaluate(Condition condition, BiFunction<String, String, Optional<String>> variables,
      ZonedDateTime now) {
    List<RuleOutcome> outcomes = new ArrayList<>();
    for (RuleDeclaration rule : condition.rules() == null ? List.<RuleDeclaration>of() : condition.rules()) {
      outcomes.add(evaluate(rule, variables, now));
    }
    return new ConditionOutcome(outcomes.stream().allMatch(RuleOutcome::succeeded), condition.result(), outcomes);
  }

  static RuleOutcome evaluate(RuleDeclaration rule, BiFunction<String, String, Optional<String>> variables,
      ZonedDateTime now) {
    Map<String, String> config = rule.configuration() == null ? Map.of() : rule.configuration();
    String provider = rule.ruleTypeId().provider();
    try {
      if ("VariableCheck".equals(provider)) {
        String actual = VariableReferences.resolve(config.get("Variable"), variables);
        String expected = config.get("Value");
        boolean ok = switch (config.get("Operator")) {
          case "EQ" -> actual.equals(expected);
          case "NE" -> !actual.equals(expected);
          case "CONTAINS" -> actual.contains(expected);
          case "MATCHES" -> Pattern.compile(expected).matcher(actual).matches();
          default -> false;
        };
        return new RuleOutcome(rule.name(), ok, "Variable " + config.get("Variable") + " is '" + actual + "', "
            + (ok ? "which" : "which does not") + " satisfy " + config.get("Operator") + " '" + expected + "'");
      }
      if ("DeploymentWindow".equals(provider)) {
        ZonedDateTime local = config.containsKey("TimeZone")
            ? now.withZoneSameInstant(ZoneId.of(config.get("TimeZone"))) : now;
        boolean open = AwsCron.parse(config.get("Cron")).matches(local);
        return new RuleOutcome(rule.name(), open, open ? "Within the deployment window " + config.get("Cron")
            : "Outside the deployment window " + config.get("Cron") + " at " + local);
      }
      return new RuleOutcome(rule.name(), false, "Rule type " + provider + " is not supported");
    } catch (VariableReferences.UnresolvedVariableException | IllegalArgumentException | NullPointerException e) {
      return new RuleOutcome(rule.name(), false, "Rule " + rule.name() + " could not be evaluated: " + e.getMessage());
    }
  }
}

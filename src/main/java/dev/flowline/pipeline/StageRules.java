package dev.flowline.pipeline;

import static dev.flowline.pipeline.Violation.INVALID_STAGE;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stage-level rules (reference §4.2): action counts, unique action names, the failure exit gate, and the
 * rule types that stage conditions may use in this Flowline.
 */
final class StageRules {
  static final int MAX_ACTIONS_PER_STAGE = 50;

  /** Rule providers this Flowline evaluates, with the configuration keys each requires. */
  static final Map<String, List<String>> SUPPORTED_RULES = Map.of(
      "VariableCheck", List.of("Variable", "Value", "Operator"),
      "DeploymentWindow", List.of("Cron"));
  static final Set<String> AWS_RULES =
      Set.of("CloudWatchAlarm", "CodeBuild", "Commands", "DeploymentWindow", "LambdaInvoke", "VariableCheck");
  static final List<String> VARIABLE_CHECK_OPERATORS = List.of("EQ", "NE", "CONTAINS", "MATCHES");

  private final PipelineDeclaration p;
  private final List<Violation> out;

  StageRules(PipelineDeclaration p, List<Violation> out) {
    this.p = p;
    this.out = out;
  }

  void check() {
    List<StageDeclaration> stages = Declared.stages(p);
    for (int s = 0; s < stages.size(); s++) {
      StageDeclaration stage = stages.get(s);
      DeclarationPath path = DeclarationPath.stage(s);
      actionCount(stage, path);
      uniqueActionNames(stage, path);
      FailureConditions onFailure = stage.onFailure();
      if (onFailure != null) {
        if (onFailure.result() != null && onFailure.conditions() != null) {
          add(path.member("onFailure"), "The following stage cannot have a failure exit gate configured with both"
              + " top level result and conditions: '" + stage.name());
        }
        conditions(stage, onFailure.conditions(), path, "onFailure");
      }
      if (stage.onSuccess() != null) {
        conditions(stage, stage.onSuccess().conditions(), path, "onSuccess");
      }
      if (stage.beforeEntry() != null) {
        conditions(stage, stage.beforeEntry().conditions(), path, "beforeEntry");
      }
    }
  }

  private void add(DeclarationPath path, String message) {
    out.add(new Violation(path.dotted(), INVALID_STAGE, message));
  }

  private void actionCount(StageDeclaration stage, DeclarationPath path) {
    if (stage.actions() == null) {
      return;
    }
    int count = stage.actions().size();
    if (count == 0) {
      add(path.member("actions"), "Stage '" + stage.name() + "' has no actions. A stage must contain at least 1"
          + " action");
    } else if (count > MAX_ACTIONS_PER_STAGE) {
      add(path.member("actions"), "Stage '" + stage.name() + "' has " + count + " actions. There can only be up"
          + " to " + MAX_ACTIONS_PER_STAGE + " actions in a stage");
    }
  }

  private void uniqueActionNames(StageDeclaration stage, DeclarationPath path) {
    Set<String> seen = new HashSet<>();
    Set<String> reported = new HashSet<>();
    List<ActionDeclaration> actions = Declared.actions(stage);
    for (int a = 0; a < actions.size(); a++) {
      String name = actions.get(a).name();
      if (name != null && !seen.add(name) && reported.add(name)) {
        add(path.member("actions").index(a).member("name"),
            "Action name '" + name + "' is used more than once in stage '" + stage.name() + "'");
      }
    }
  }

  private void conditions(StageDeclaration stage, List<Condition> conditions, DeclarationPath stagePath,
      String kind) {
    if (conditions == null) {
      return;
    }
    for (int c = 0; c < conditions.size(); c++) {
      Condition condition = conditions.get(c);
      if (condition == null) {
        continue;
      }
      DeclarationPath path = stagePath.member(kind).member("conditions").index(c);
      if (condition.rules() == null) {
        add(path, "The " + kind + " condition of stage '" + stage.name() + "' has no rules. A condition needs"
            + " between 1 and 5 rules.");
        continue;
      }
      for (int r = 0; r < condition.rules().size(); r++) {
        RuleDeclaration rule = condition.rules().get(r);
        if (rule != null) {
          rule(stage, rule, path.member("rules").index(r));
        }
      }
    }
  }

  private void rule(StageDeclaration stage, RuleDeclaration rule, DeclarationPath path) {
    RuleTypeId type = rule.ruleTypeId();
    if (type == null || type.provider() == null) {
      return;
    }
    String provider = type.provider();
    List<String> requiredKeys = SUPPORTED_RULES.get(provider);
    if (requiredKeys == null) {
      String known = AWS_RULES.contains(provider)
          ? "is an AWS CodePipeline rule type that this Flowline cannot evaluate"
          : "is not a known rule type";
      add(path.member("ruleTypeId").member("provider"), "Rule provider '" + provider + "' in rule '" + rule.name()
          + "' of stage '" + stage.name() + "' " + known + ". Rule providers available: "
          + String.join(", ", SUPPORTED_RULES.keySet().stream().sorted().toList()));
      return;
    }
    Map<String, String> configuration = rule.configuration() == null ? Map.of() : rule.configuration();
    for (String key : requiredKeys) {
      if (!configuration.containsKey(key)) {
        add(path.member("configuration"),
            "Rule configuration for rule '" + rule.name() + "' is missing required configuration '" + key + "'");
      }
    }
    String operator = configuration.get("Operator");
    if (provider.equals("VariableCheck") && operator != null && !VARIABLE_CHECK_OPERATORS.contains(operator)) {
      add(path.member("configuration").member("Operator"), "Rule configuration for rule '" + rule.name()
          + "' has an unknown Operator. VariableCheck supports " + String.join(", ", VARIABLE_CHECK_OPERATORS));
    }
  }
}

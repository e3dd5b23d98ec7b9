package dev.flowline.pipeline;

import static dev.flowline.pipeline.TestPipelines.action;
import static dev.flowline.pipeline.TestPipelines.assertOnly;
import static dev.flowline.pipeline.TestPipelines.object;
import static dev.flowline.pipeline.TestPipelines.violationsOfMinimalWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Stage-level rules (reference §4.2) and the rule types stage conditions may use in Flowline. */
class StageRulesTest {
  private static final String STAGE = "InvalidStageDeclarationException";
  private static final String RULE_PATH = "pipeline.stages.2.beforeEntry.conditions.0.rules.0";

  private static ObjectNode deploy(ObjectNode json) {
    return object(json, "/stages/2");
  }

  /** Adds a beforeEntry condition with one rule of {@code provider} to the Deploy stage; returns the rule. */
  private static ObjectNode rule(ObjectNode json, String provider) {
    ObjectNode rule = deploy(json).putObject("beforeEntry").putArray("conditions").addObject().put("result", "FAIL")
        .putArray("rules").addObject().put("name", "Gate");
    rule.putObject("ruleTypeId").put("category", "Rule").put("owner", "AWS").put("provider", provider)
        .put("version", "1");
    return rule;
  }

  @Test
  @DisplayName("S2 a stage without actions -> InvalidStageDeclarationException")
  void givenAStageWithoutActions_thenRefused() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      deploy(j).putArray("actions");
      j.withArray("stages").addObject().put("name", "Last").set("actions", j.at("/stages/2/actions").deepCopy());
    });

    assertThat(violations).contains(new Violation("pipeline.stages.2.actions", STAGE,
        "Stage 'Deploy' has no actions. A stage must contain at least 1 action"));
  }

  @Test
  @DisplayName("S2 51 actions in one stage -> InvalidStageDeclarationException")
  void givenFiftyOneActionsInAStage_thenRefused() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      ArrayNode actions = deploy(j).withArray("actions");
      IntStream.range(0, 49).forEach(i -> actions.add(action(j, 2, 0).deepCopy().put("name", "Approve" + i)));
    });

    assertOnly(violations, "pipeline.stages.2.actions", STAGE,
        "Stage 'Deploy' has 51 actions. There can only be up to 50 actions in a stage");
  }

  @Test
  @DisplayName("A1 two actions with one name in a stage -> InvalidStageDeclarationException")
  void givenTwoActionsWithTheSameNameInAStage_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> action(j, 2, 1).put("name", "Approve")),
        "pipeline.stages.2.actions.1.name", STAGE, "Action name 'Approve' is used more than once in stage 'Deploy'");
  }

  @Test
  @DisplayName("A1 the same action name in two stages -> accepted")
  void givenTheSameActionNameInTwoStages_thenAccepted() {
    assertThat(violationsOfMinimalWith(j -> action(j, 2, 0).put("name", "Compile"))).isEmpty();
  }

  @Test
  @DisplayName("S3 onFailure with both result and conditions -> AWS's text")
  void givenOnFailureWithResultAndConditions_thenRefused() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      ObjectNode rule = rule(j, "VariableCheck");
      rule.putObject("configuration").put("Variable", "#{variables.Env}").put("Value", "prod").put("Operator", "EQ");
      ObjectNode onFailure = deploy(j).putObject("onFailure").put("result", "ROLLBACK");
      onFailure.set("conditions", ((ObjectNode) deploy(j).remove("beforeEntry")).get("conditions"));
    });

    assertOnly(violations, "pipeline.stages.2.onFailure", STAGE, "The following stage cannot have a failure exit gate"
        + " configured with both top level result and conditions: 'Deploy");
  }

  @Test
  @DisplayName("S4 stage conditions on a V1 pipeline -> only V2")
  void givenStageConditionsOnAV1Pipeline_thenRefused() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      j.put("pipelineType", "V1");
      deploy(j).putObject("onFailure").put("result", "RETRY");
    });

    assertOnly(violations, "pipeline.stages.2", STAGE, "Stage level conditions can only be used with V2 pipelines.");
  }

  @Test
  @DisplayName("S5 PARALLEL mode with onFailure result ROLLBACK -> refused")
  void givenParallelModeAndARollbackResult_thenRefused() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      j.put("executionMode", "PARALLEL");
      deploy(j).putObject("onFailure").put("result", "ROLLBACK");
    });

    assertOnly(violations, "pipeline.stages.2.onFailure", STAGE,
        "Failure conditions with rollback result type cannot be added to a PARALLEL pipeline.");
  }

  @Test
  @DisplayName("S5 PARALLEL mode with a ROLLBACK failure condition -> refused")
  void givenParallelModeAndARollbackFailureCondition_thenRefused() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      j.put("executionMode", "PARALLEL");
      rule(j, "VariableCheck").putObject("configuration").put("Variable", "v").put("Value", "x").put("Operator", "NE");
      ObjectNode conditions = (ObjectNode) deploy(j).remove("beforeEntry");
      object(conditions, "/conditions/0").put("result", "ROLLBACK");
      deploy(j).set("onFailure", conditions);
    });

    assertOnly(violations, "pipeline.stages.2.onFailure", STAGE,
        "Failure conditions with rollback result type cannot be added to a PARALLEL pipeline.");
  }

  @Test
  @DisplayName("S5 PARALLEL mode with onFailure RETRY -> accepted")
  void givenParallelModeAndARetryResult_thenAccepted() {
    assertThat(violationsOfMinimalWith(j -> {
      j.put("executionMode", "PARALLEL");
      deploy(j).putObject("onFailure").put("result", "RETRY");
    })).isEmpty();
  }

  @Test
  @DisplayName("a condition without rules -> InvalidStageDeclarationException")
  void givenAConditionWithoutRules_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> deploy(j).putObject("onSuccess").putArray("conditions").addObject()
        .put("result", "ROLLBACK")), "pipeline.stages.2.onSuccess.conditions.0", STAGE,
        "The onSuccess condition of stage 'Deploy' has no rules. A condition needs between 1 and 5 rules.");
  }

  @Test
  @DisplayName("a rule type AWS has but Flowline cannot evaluate -> names the provider")
  void givenACloudWatchAlarmRule_thenRefusedNamingTheProvider() {
    List<Violation> violations = violationsOfMinimalWith(j -> rule(j, "CloudWatchAlarm").putObject("configuration")
        .put("AlarmName", "errors"));

    assertOnly(violations, RULE_PATH + ".ruleTypeId.provider", STAGE, "Rule provider 'CloudWatchAlarm' in rule"
        + " 'Gate' of stage 'Deploy' is an AWS CodePipeline rule type that this Flowline cannot evaluate. Rule"
        + " providers available: DeploymentWindow, VariableCheck");
  }

  @Test
  @DisplayName("an unknown rule type -> names the provider")
  void givenAnUnknownRuleType_thenRefusedNamingTheProvider() {
    assertOnly(violationsOfMinimalWith(j -> rule(j, "Coinflip")), RULE_PATH + ".ruleTypeId.provider", STAGE,
        "Rule provider 'Coinflip' in rule 'Gate' of stage 'Deploy' is not a known rule type. Rule providers"
            + " available: DeploymentWindow, VariableCheck");
  }

  @Test
  @DisplayName("VariableCheck without Operator -> missing required configuration")
  void givenAVariableCheckWithoutOperator_thenRefused() {
    List<Violation> violations = violationsOfMinimalWith(j -> rule(j, "VariableCheck").putObject("configuration")
        .put("Variable", "#{SourceVariables.ETag}").put("Value", "x"));

    assertOnly(violations, RULE_PATH + ".configuration", STAGE,
        "Rule configuration for rule 'Gate' is missing required configuration 'Operator'");
  }

  @Test
  @DisplayName("VariableCheck with an unknown Operator -> lists the operators")
  void givenAVariableCheckWithAnUnknownOperator_thenRefused() {
    List<Violation> violations = violationsOfMinimalWith(j -> rule(j, "VariableCheck").putObject("configuration")
        .put("Variable", "#{SourceVariables.ETag}").put("Value", "x").put("Operator", "GT"));

    assertOnly(violations, RULE_PATH + ".configuration.Operator", STAGE,
        "Rule configuration for rule 'Gate' has an unknown Operator. VariableCheck supports EQ, NE, CONTAINS, MATCHES");
  }

  @Test
  @DisplayName("DeploymentWindow without Cron -> missing required configuration")
  void givenADeploymentWindowWithoutCron_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> rule(j, "DeploymentWindow")), RULE_PATH + ".configuration", STAGE,
        "Rule configuration for rule 'Gate' is missing required configuration 'Cron'");
  }
}

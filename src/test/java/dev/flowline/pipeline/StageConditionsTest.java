package dev.flowline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StageConditionsTest {
  private static final BiFunction<String, String, Optional<String>> VARIABLES =
      (ns, name) -> ns.equals("SourceVariables") && name.equals("BranchName") ? Optional.of("release/1.2")
          : Optional.empty();
  private static final ZonedDateTime TUESDAY_10_30 = ZonedDateTime.of(2026, 11, 24, 10, 30, 0, 0, ZoneOffset.UTC);

  private static RuleDeclaration rule(String provider, Map<String, String> configuration) {
    return new RuleDeclaration("R", new RuleTypeId("Rule", "AWS", provider, "1"), configuration, null, null, null,
        null, null);
  }

  @ParameterizedTest(name = "VariableCheck {0} {1} -> {2}")
  @CsvSource({"EQ, release/1.2, true", "EQ, main, false", "NE, main, true", "CONTAINS, release, true",
      "MATCHES, release/\\d+\\.\\d+, true", "MATCHES, release, false"})
  void variableCheckOperators(String operator, String value, boolean expected) {
    var outcome = StageConditions.evaluate(rule("VariableCheck", Map.of("Variable", "#{SourceVariables.BranchName}",
        "Value", value, "Operator", operator)), VARIABLES, TUESDAY_10_30);
    assertThat(outcome.succeeded()).isEqualTo(expected);
  }

  @Test
  @DisplayName("A VariableCheck on a variable that does not exist fails and says why")
  void unresolvedVariableFailsTheRule() {
    var outcome = StageConditions.evaluate(rule("VariableCheck", Map.of("Variable", "#{Nope.X}", "Value", "a",
        "Operator", "EQ")), VARIABLES, TUESDAY_10_30);
    assertThat(outcome.succeeded()).isFalse();
    assertThat(outcome.summary()).contains("#{Nope.X}");
  }

  @ParameterizedTest(name = "cron {0} at Tuesday 10:30 UTC -> {1}")
  @CsvSource(delimiter = '|', value = {"cron(* * * * ? *) | true", "cron(0-59 9-17 ? * MON-FRI *) | true",
      "cron(* 9-17 ? * SAT,SUN *) | false", "cron(30 10 24 NOV ? 2026) | true", "cron(*/15 * * * ? *) | true",
      "cron(*/20 * * * ? *) | false", "* 0-8 * * ? * | false", "cron(* * * * ? 2099) | false"})
  void deploymentWindow(String cron, boolean open) {
    var outcome = StageConditions.evaluate(rule("DeploymentWindow", Map.of("Cron", cron)), VARIABLES, TUESDAY_10_30);
    assertThat(outcome.succeeded()).isEqualTo(open);
  }

  @Test
  @DisplayName("DeploymentWindow honours TimeZone")
  void deploymentWindowTimeZone() {
    var outcome = StageConditions.evaluate(rule("DeploymentWindow", Map.of("Cron", "cron(* 11 * * ? *)",
        "TimeZone", "Europe/Berlin")), VARIABLES, TUESDAY_10_30);
    assertThat(outcome.succeeded()).isTrue();
  }

  @Test
  @DisplayName("A condition is met only when every rule succeeds")
  void conditionNeedsEveryRule() {
    Condition condition = new Condition("FAIL", List.of(
        rule("VariableCheck", Map.of("Variable", "#{SourceVariables.BranchName}", "Value", "release", "Operator",
            "CONTAINS")),
        rule("DeploymentWindow", Map.of("Cron", "cron(* * * * ? 2099)"))));
    var outcome = StageConditions.evaluate(condition, VARIABLES, TUESDAY_10_30);
    assertThat(outcome.met()).isFalse();
    assertThat(outcome.summary()).contains("Outside the deployment window");
  }

  @Test
  void unsupportedCronFeaturesAreRefused() {
    assertThatThrownBy(() -> AwsCron.parse("cron(0 0 L * ? *)")).hasMessageContaining("not supported");
    assertThatThrownBy(() -> AwsCron.parse("cron(0 0 * *)")).hasMessageContaining("6 fields");
  }
}

package dev.flowline.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.api.model.InputValidator.Report;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The service model's constraints, checked on real request bodies, in AWS's Coral wording. */
class InputValidatorTest {

  static final ServiceModel MODEL = ServiceModel.load();
  static final ObjectMapper JSON = new ObjectMapper();

  final InputValidator validator = new InputValidator(MODEL);

  @Test
  @DisplayName("the shipped model has all 44 operations and every pattern compiles")
  void modelLoads() {
    assertThat(MODEL.operationNames()).hasSize(44).contains("GetPipelineState", "PollForJobs");
    assertThat(MODEL.targetPrefix()).isEqualTo("CodePipeline_20150709");
    assertThat(MODEL.operation("DeletePipeline").orElseThrow().outputShape()).isNull();
  }

  @Test
  @DisplayName("given a valid GetPipelineState body, then no violations")
  void validInputPasses() {
    assertThat(validate("GetPipelineStateInput", "{\"name\":\"demo.pipeline@1\"}").ok()).isTrue();
  }

  @Test
  @DisplayName("given a missing required member, then 'Value null at ... Member must not be null'")
  void requiredMember() {
    Report report = validate("GetPipelineStateInput", "{}");

    assertThat(report.validationMessage()).isEqualTo(
        "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
  }

  @Test
  @DisplayName("given a pipeline name outside the pattern, then the pattern violation echoes the value")
  void patternViolation() {
    Report report = validate("CreatePipelineInput", pipeline("my pipeline", 1));

    assertThat(report.violations()).containsExactly("Value 'my pipeline' at 'pipeline.name' failed to satisfy "
        + "constraint: Member must satisfy regular expression pattern: [A-Za-z0-9.@\\-_]+");
  }

  @Test
  @DisplayName("given several violations, then 'N validation errors detected' joined by '; ' with 1-based .member paths")
  void severalViolationsWithListPaths() {
    Report report = validate("CreatePipelineInput", pipeline("x".repeat(101), 1000));

    assertThat(report.validationMessage()).isEqualTo("2 validation errors detected: "
        + "Value '" + "x".repeat(101) + "' at 'pipeline.name' failed to satisfy constraint: "
        + "Member must have length less than or equal to 100; "
        + "Value '1000' at 'pipeline.stages.2.member.actions.1.member.runOrder' failed to satisfy constraint: "
        + "Member must have value less than or equal to 999");
  }

  @Test
  @DisplayName("given a value outside an enum, then 'Member must satisfy enum value set' in model order")
  void enumViolation() {
    Report report = validate("DisableStageTransitionInput",
        "{\"pipelineName\":\"p\",\"stageName\":\"Build\",\"transitionType\":\"Sideways\",\"reason\":\"maintenance\"}");

    assertThat(report.violations()).containsExactly("Value 'Sideways' at 'transitionType' failed to satisfy "
        + "constraint: Member must satisfy enum value set: [Inbound, Outbound]");
  }

  @Test
  @DisplayName("given maxResults below its minimum, then the range violation")
  void rangeViolation() {
    Report report = validate("ListPipelineExecutionsInput", "{\"pipelineName\":\"p\",\"maxResults\":0}");

    assertThat(report.violations()).containsExactly(
        "Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1");
  }

  @Test
  @DisplayName("given a free-text value that is too long, then the violation does not echo it")
  void freeTextIsNotEchoed() {
    Report report = validate("StopPipelineExecutionInput", "{\"pipelineName\":\"p\",\"pipelineExecutionId\":"
        + "\"0e5b3f2c-1111-4222-8333-944445555666\",\"reason\":\"" + "s".repeat(201) + "\"}");

    assertThat(report.violations()).containsExactly(
        "Value at 'reason' failed to satisfy constraint: Member must have length less than or equal to 200");
  }

  @Test
  @DisplayName("given a list over its size, then 'Member must have length less than or equal to N' on the list")
  void listSize() {
    StringBuilder variables = new StringBuilder();
    for (int i = 0; i < 51; i++) {
      variables.append(i == 0 ? "" : ",").append("{\"name\":\"v").append(i).append("\",\"value\":\"x\"}");
    }
    Report report = validate("StartPipelineExecutionInput", "{\"name\":\"p\",\"variables\":[" + variables + "]}");

    assertThat(report.violations()).containsExactly(
        "Value at 'variables' failed to satisfy constraint: Member must have length less than or equal to 50");
  }

  @Test
  @DisplayName("given a configuration map value over its length, then 'Map value must satisfy constraint' without the value")
  void mapValueConstraint() {
    String body = pipeline("demo", 1).replace("\"configuration\":{}", "\"configuration\":{\"Secret\":\""
        + "s".repeat(1001) + "\"}");

    Report report = validate("CreatePipelineInput", body);

    assertThat(report.violations()).containsExactly("Value at 'pipeline.stages.2.member.actions.1.member.configuration'"
        + " failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or "
        + "equal to 1000, Member must have length greater than or equal to 1]");
  }

  @Test
  @DisplayName("given a member the shape does not have, then a ValidationException violation naming it")
  void unknownMember() {
    Report report = validate("GetPipelineInput", "{\"name\":\"p\",\"verison\":2}");

    assertThat(report.violations()).containsExactly("Value at 'verison' failed to satisfy constraint: Member is not "
        + "defined in GetPipelineInput (known members: name, version)");
  }

  @Test
  @DisplayName("given a number where a string belongs, then a type error (SerializationException), not a violation")
  void wrongScalarType() {
    Report report = validate("GetPipelineStateInput", "{\"name\":42}");

    assertThat(report.typeErrors()).containsExactly("Value at 'name' must be a string, not a number");
    assertThat(report.violations()).isEmpty();
  }

  @Test
  @DisplayName("given an object where a list belongs, then a type error naming the path and the shape")
  void wrongContainerType() {
    Report report = validate("CreatePipelineInput", "{\"pipeline\":{\"name\":\"p\",\"roleArn\":\"arn:aws:iam::"
        + "123456789012:role/r\",\"stages\":{}}}");

    assertThat(report.typeErrors()).containsExactly(
        "Value at 'pipeline.stages' must be a JSON array (PipelineStageDeclarationList), not a JSON object");
  }

  @Test
  @DisplayName("given a fractional number for an integer, then a type error; 5.0 is accepted as 5")
  void integersMustBeIntegral() {
    assertThat(validate("ListPipelinesInput", "{\"maxResults\":2.5}").typeErrors())
        .containsExactly("Value at 'maxResults' must be an integer, not a number");
    assertThat(validate("ListPipelinesInput", "{\"maxResults\":5.0}").ok()).isTrue();
  }

  @Test
  @DisplayName("given a string where a boolean belongs, then a type error")
  void booleansMustBeBooleans() {
    Report report = validate("StopPipelineExecutionInput", "{\"pipelineName\":\"p\",\"pipelineExecutionId\":"
        + "\"0e5b3f2c-1111-4222-8333-944445555666\",\"abandon\":\"yes\"}");

    assertThat(report.typeErrors()).containsExactly("Value at 'abandon' must be a boolean, not a string");
  }

  @Test
  @DisplayName("given JSON null for an optional member, then it counts as absent")
  void nullIsAbsent() {
    assertThat(validate("GetPipelineInput", "{\"name\":\"p\",\"version\":null}").ok()).isTrue();
  }

  private Report validate(String shape, String body) {
    try {
      JsonNode node = JSON.readTree(body);
      return validator.validate(shape, node);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static String pipeline(String name, int runOrder) {
    return "{\"pipeline\":{\"name\":\"" + name + "\",\"roleArn\":\"arn:aws:iam::123456789012:role/flowline\","
        + "\"artifactStore\":{\"type\":\"S3\",\"location\":\"bucket\"},\"stages\":["
        + "{\"name\":\"Source\",\"actions\":[{\"name\":\"Src\",\"actionTypeId\":{\"category\":\"Source\",\"owner\":\"AWS\","
        + "\"provider\":\"S3\",\"version\":\"1\"},\"outputArtifacts\":[{\"name\":\"out\"}]}]},"
        + "{\"name\":\"Approve\",\"actions\":[{\"name\":\"Ok\",\"actionTypeId\":{\"category\":\"Approval\",\"owner\":"
        + "\"AWS\",\"provider\":\"Manual\",\"version\":\"1\"},\"runOrder\":" + runOrder + ",\"configuration\":{}}]}]}}";
  }
}

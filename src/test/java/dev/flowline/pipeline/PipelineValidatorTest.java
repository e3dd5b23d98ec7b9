package dev.flowline.pipeline;

import static dev.flowline.pipeline.TestPipelines.VALIDATOR;
import static dev.flowline.pipeline.TestPipelines.action;
import static dev.flowline.pipeline.TestPipelines.declaration;
import static dev.flowline.pipeline.TestPipelines.minimal;
import static dev.flowline.pipeline.TestPipelines.object;
import static dev.flowline.pipeline.TestPipelines.rich;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the engine and API see: validate() lists violations, check() refuses with AWS's error shape. */
class PipelineValidatorTest {

  @Test
  void givenTheMinimalPipeline_whenValidated_thenNothingIsWrong() {
    assertThat(VALIDATOR.validate(declaration(minimal()))).isEmpty();
  }

  @Test
  void givenARichV2PipelineUsingEveryMember_whenValidated_thenNothingIsWrong() {
    assertThat(VALIDATOR.validate(declaration(rich()))).isEmpty();
  }

  @Test
  void givenAValidPipeline_whenChecked_thenNothingIsThrown() {
    assertThatCode(() -> VALIDATOR.check(declaration(rich()))).doesNotThrowAnyException();
  }

  @Test
  void givenNoPipeline_whenValidated_thenThePipelineItselfIsRequired() {
    assertThat(VALIDATOR.validate(null)).containsExactly(new Violation("pipeline", "ValidationException",
        "Value null at 'pipeline' failed to satisfy constraint: Member must not be null"));
  }

  @Test
  void givenShapeViolations_whenChecked_thenOneValidationExceptionListsThemAllInCoralFormatWithOneBasedPaths() {
    ObjectNode json = minimal();
    action(json, 2, 1).put("runOrder", 1000);
    object(json, "/stages/1").remove("name");

    PipelineValidationException e = refusal(json);

    assertThat(e.errorType()).isEqualTo("ValidationException");
    assertThat(e.getMessage()).isEqualTo("2 validation errors detected: "
        + "Value null at 'pipeline.stages.2.member.name' failed to satisfy constraint: Member must not be null; "
        + "Value at 'pipeline.stages.3.member.actions.2.member.runOrder' failed to satisfy constraint: "
        + "Member must have value less than or equal to 999");
    assertThat(e.violations()).extracting(Violation::path)
        .containsExactly("pipeline.stages.1.name", "pipeline.stages.2.actions.1.runOrder");
  }

  @Test
  void givenOneShapeViolation_whenChecked_thenTheMessageSaysOneValidationError() {
    ObjectNode json = minimal();
    json.put("executionMode", "FIFO");

    assertThat(refusal(json).getMessage()).isEqualTo("1 validation error detected: Value at 'pipeline.executionMode'"
        + " failed to satisfy constraint: Member must satisfy enum value set: [QUEUED, SUPERSEDED, PARALLEL]");
  }

  @Test
  void givenTwoBadValuesInOneConfigurationMap_whenChecked_thenAwsCountsTheMapOnce() {
    ObjectNode json = minimal();
    object(json, "/stages/2/actions/1/configuration").put("BucketName", "").put("Extract", "");

    PipelineValidationException e = refusal(json);

    assertThat(e.violations()).hasSize(2);
    assertThat(e.getMessage()).startsWith("1 validation error detected: Value at "
        + "'pipeline.stages.3.member.actions.2.member.configuration' failed to satisfy constraint: Map value");
  }

  @Test
  void givenShapeAndSemanticViolations_whenChecked_thenItIsAValidationExceptionAndAllAreCollected() {
    ObjectNode json = minimal();
    json.withArray("stages").remove(2);
    json.withArray("stages").remove(1);
    action(json, 0, 0).put("runOrder", 0);

    PipelineValidationException e = refusal(json);

    assertThat(e.errorType()).isEqualTo("ValidationException");
    assertThat(e.getMessage()).doesNotContain("stage(s)");
    assertThat(e.violations()).extracting(Violation::errorType)
        .containsExactly("ValidationException", "InvalidStructureException", "InvalidStructureException");
  }

  @Test
  void givenOnlySemanticViolations_whenChecked_thenTheFirstOnesTypeIsUsedAndEveryViolationIsListedWithItsPath() {
    ObjectNode json = minimal();
    object(json, "/stages/2").put("name", "Build");
    object(json, "/stages/1/actions/0/configuration").remove("ProjectName");

    PipelineValidationException e = refusal(json);

    assertThat(e.errorType()).isEqualTo("InvalidStageDeclarationException");
    assertThat(e.getMessage()).isEqualTo("Stage name 'Build' is used more than once (at pipeline.stages.2.name); "
        + "Action configuration for action 'Compile' is missing required configuration 'ProjectName'"
        + " (at pipeline.stages.1.actions.0.configuration)");
    assertThat(e.violations()).hasSize(2);
  }

  @Test
  void givenASecretConfigurationValueThatIsTooLong_whenChecked_thenTheMessageDoesNotRevealTheValue() {
    ObjectNode json = minimal();
    object(json, "/stages/1/actions/0/configuration").put("ProjectName", "s3cr3t-".repeat(200));

    PipelineValidationException e = refusal(json);

    assertThat(e.getMessage()).doesNotContain("s3cr3t");
    assertThat(e.violations()).extracting(Violation::message).noneMatch(m -> m.contains("s3cr3t"));
  }

  @Test
  void givenAPipelineInAnotherRegion_whenAnUnknownActionTypeIsUsed_thenAwsNamesThatRegion() {
    ObjectNode json = minimal();
    object(json, "/stages/1/actions/0/actionTypeId").put("provider", "Jenkins").put("owner", "Custom");

    List<Violation> violations = new PipelineValidator(new TestCatalog(), "eu-central-1").validate(declaration(json));

    assertThat(violations).extracting(Violation::message).containsExactly("ActionType (Category: 'Build',"
        + " Provider: 'Jenkins', Owner: 'Custom', Version: '1') in action 'Compile' is not available in region"
        + " 'EU_CENTRAL_1'");
  }

  private static PipelineValidationException refusal(ObjectNode json) {
    return catchThrowableOfType(PipelineValidationException.class, () -> VALIDATOR.check(declaration(json)));
  }
}

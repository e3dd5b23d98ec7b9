package dev.flowline.pipeline;

import static dev.flowline.pipeline.TestPipelines.action;
import static dev.flowline.pipeline.TestPipelines.assertOnly;
import static dev.flowline.pipeline.TestPipelines.object;
import static dev.flowline.pipeline.TestPipelines.violationsOfMinimalWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Action-level rules (reference §4.3), checked against what this Flowline's catalog can run. */
class ActionRulesTest {
  private static final String ACTION = "InvalidActionDeclarationException";
  private static final String COMPILE = "pipeline.stages.1.actions.0";

  private static ObjectNode type(ObjectNode action, String category, String owner, String provider) {
    return action.set("actionTypeId", TestPipelines.JSON.createObjectNode().put("category", category)
        .put("owner", owner).put("provider", provider).put("version", "1"));
  }

  /** Turns the Compile action into a Commands (compute) action. */
  private static ObjectNode commands(ObjectNode json) {
    ObjectNode compile = type(action(json, 1, 0), "Compute", "AWS", "Commands");
    compile.remove("configuration");
    compile.putArray("commands").add("make");
    return compile;
  }

  @Test
  @DisplayName("A2 an action type AWS does not have -> AWS's 'not available in region' text")
  void givenAnActionTypeAwsDoesNotHave_thenNotAvailableInRegion() {
    assertOnly(violationsOfMinimalWith(j -> type(action(j, 1, 0), "Build", "Custom", "Jenkins")),
        COMPILE + ".actionTypeId", ACTION, "ActionType (Category: 'Build', Provider: 'Jenkins', Owner: 'Custom',"
            + " Version: '1') in action 'Compile' is not available in region 'US_EAST_1'");
  }

  @Test
  @DisplayName("A2 a provider under the wrong category -> AWS's 'not available in region' text")
  void givenAProviderUnderTheWrongCategory_thenNotAvailableInRegion() {
    assertOnly(violationsOfMinimalWith(j -> type(action(j, 1, 0), "Build", "AWS", "S3")),
        COMPILE + ".actionTypeId", ACTION, "ActionType (Category: 'Build', Provider: 'S3', Owner: 'AWS',"
            + " Version: '1') in action 'Compile' is not available in region 'US_EAST_1'");
  }

  @Test
  @DisplayName("A2 an AWS action type without a Flowline executor -> says Flowline cannot run it")
  void givenAnAwsActionTypeFlowlineCannotRun_thenTheMessageSaysSoAndListsWhatItRuns() {
    assertOnly(violationsOfMinimalWith(j -> type(action(j, 2, 1), "Deploy", "AWS", "ECS")),
        "pipeline.stages.2.actions.1.actionTypeId", ACTION, "ActionType (Category: 'Deploy', Provider: 'ECS',"
            + " Owner: 'AWS', Version: '1') in action 'Upload' is an AWS CodePipeline action type that this Flowline"
            + " cannot run: no executor is installed for it. Deploy action types this Flowline runs: Deploy/AWS/S3/1.");
  }

  @Test
  @DisplayName("A3 a required configuration key is missing -> AWS's text")
  void givenAMissingRequiredConfigurationKey_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> object(j, "/stages/2/actions/1/configuration").remove("Extract")),
        "pipeline.stages.2.actions.1.configuration", ACTION,
        "Action configuration for action 'Upload' is missing required configuration 'Extract'");
  }

  @Test
  @DisplayName("A5 fewer input artifacts than the type's minimum -> AWS's text")
  void givenTooFewInputArtifacts_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> action(j, 2, 1).remove("inputArtifacts")),
        "pipeline.stages.2.actions.1.inputArtifacts", ACTION,
        "Action Upload declares 0 input artifacts which is less than the minimum count (1)");
  }

  @Test
  @DisplayName("A5 more input artifacts than the type's maximum -> refused")
  void givenTooManyInputArtifacts_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> action(j, 2, 1).withArray("inputArtifacts").addObject()
        .put("name", "SourceArtifact")), "pipeline.stages.2.actions.1.inputArtifacts", ACTION,
        "Action Upload declares 2 input artifacts which is greater than the maximum count (1)");
  }

  @Test
  @DisplayName("A5 an output artifact on an action type without outputs -> refused")
  void givenAnOutputArtifactOnAManualApproval_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> action(j, 2, 0).putArray("outputArtifacts").addObject()
        .put("name", "Approval")), "pipeline.stages.2.actions.0.outputArtifacts", ACTION,
        "Action Approve declares 1 output artifacts which is greater than the maximum count (0)");
  }

  @Test
  @DisplayName("A5 a source action without its output artifact -> refused")
  void givenASourceActionWithoutOutput_thenRefused() {
    List<Violation> violations = violationsOfMinimalWith(j -> action(j, 0, 0).remove("outputArtifacts"));

    assertThat(violations).contains(new Violation("pipeline.stages.0.actions.0.outputArtifacts", ACTION,
        "Action Fetch declares 0 output artifacts which is less than the minimum count (1)"));
  }

  @Test
  @DisplayName("A8 a Commands action without commands -> AWS's text")
  void givenACommandsActionWithoutCommands_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> commands(j).remove("commands")), COMPILE + ".commands", ACTION,
        "Action Compile must have a non-empty commands field");
  }

  @Test
  @DisplayName("A8 a Commands action with commands, files and variables -> accepted")
  void givenACommandsActionWithCommandsAndFiles_thenAccepted() {
    assertThat(violationsOfMinimalWith(j -> {
      ObjectNode compile = commands(j);
      object(compile, "/outputArtifacts/0").putArray("files").add("dist/**");
      compile.putArray("outputVariables").add("VERSION");
      compile.putArray("environmentVariables").addObject().put("name", "CI").put("value", "true");
    })).isEmpty();
  }

  @Test
  @DisplayName("A9 commands on a non-compute action -> AWS's text")
  void givenCommandsOnACodeBuildAction_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> action(j, 1, 0).putArray("commands").add("make")),
        COMPILE + ".commands", ACTION, "The following action cannot contain a commands field: Compile. To use the"
            + " commands field, use a compute action.");
  }

  @Test
  @DisplayName("A9 output files on a non-compute action -> the same text as commands")
  void givenOutputFilesOnACodeBuildAction_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> object(action(j, 1, 0), "/outputArtifacts/0").putArray("files")
        .add("dist/**")), COMPILE + ".outputArtifacts.0.files", ACTION, "The following action cannot contain a"
            + " commands field: Compile. To use the commands field, use a compute action.");
  }

  @Test
  @DisplayName("A10 a V2-only provider on a V1 pipeline -> AWS's text")
  void givenACommandsActionOnAV1Pipeline_thenRefused() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      j.put("pipelineType", "V1");
      commands(j);
    });

    assertOnly(violations, COMPILE + ".actionTypeId", ACTION, "Commands Action can only be used with V2 pipelines.");
  }

  @Test
  @DisplayName("A11 a cross-region source action -> refused")
  void givenACrossRegionSourceAction_thenRefused() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      ObjectNode store = (ObjectNode) j.remove("artifactStore");
      j.putObject("artifactStores").set("us-east-1", store);
      object(j, "/artifactStores").set("us-west-2", store.deepCopy());
      action(j, 0, 0).put("region", "us-west-2");
    });

    assertOnly(violations, "pipeline.stages.0.actions.0.region", ACTION, "Action 'Fetch' cannot run in region"
        + " 'us-west-2': cross-region actions are not supported for source actions. Remove 'region' to run it in the"
        + " pipeline's region (us-east-1).");
  }

  @Test
  @DisplayName("A11 a cross-region Custom action -> refused")
  void givenACrossRegionCustomAction_thenRefused() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      type(action(j, 1, 0), "Build", "Custom", "Jenkins").put("region", "us-west-2");
      j.putObject("artifactStores").set("us-east-1", j.remove("artifactStore"));
      object(j, "/artifactStores").set("us-west-2", j.at("/artifactStores/us-east-1").deepCopy());
    });

    assertThat(violations).contains(new Violation(COMPILE + ".region", ACTION, "Action 'Compile' cannot run in"
        + " region 'us-west-2': cross-region actions are not supported for Custom actions. Remove 'region' to run it"
        + " in the pipeline's region (us-east-1)."));
  }
}

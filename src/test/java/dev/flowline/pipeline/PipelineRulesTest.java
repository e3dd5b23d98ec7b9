package dev.flowline.pipeline;

import static dev.flowline.pipeline.TestPipelines.action;
import static dev.flowline.pipeline.TestPipelines.array;
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

/** Pipeline-level rules of CreatePipeline (reference §4.1) and the V1 limits. */
class PipelineRulesTest {
  private static final String STRUCTURE = "InvalidStructureException";

  private static ObjectNode stage(ObjectNode json, int index) {
    return object(json, "/stages/" + index);
  }

  private static void useArtifactStores(ObjectNode json, String... regions) {
    ObjectNode store = (ObjectNode) json.remove("artifactStore");
    ObjectNode stores = json.putObject("artifactStores");
    for (String region : regions) {
      stores.set(region, store.deepCopy().put("location", "artifacts-" + region));
    }
  }

  @Test
  @DisplayName("P4 both artifactStore and artifactStores -> InvalidStructureException")
  void givenBothArtifactStoreAndArtifactStores_thenRefused() {
    List<Violation> violations = violationsOfMinimalWith(j -> j.putObject("artifactStores")
        .set("us-east-1", j.get("artifactStore").deepCopy()));

    assertOnly(violations, "pipeline.artifactStores", STRUCTURE, "Pipeline cannot declare both 'artifactStore' and"
        + " 'artifactStores'. Use 'artifactStore' for a pipeline in one region, or 'artifactStores' with an"
        + " artifact store for each region where you have an action.");
  }

  @Test
  @DisplayName("P4 neither artifactStore nor artifactStores -> InvalidStructureException")
  void givenNoArtifactStore_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> j.remove("artifactStore")), "pipeline", STRUCTURE,
        "Pipeline must declare an artifact store: 'artifactStore', or 'artifactStores' with an artifact store for"
            + " each region where you have an action.");
  }

  @Test
  @DisplayName("P5 actions in two regions with a single artifactStore -> use artifactStores")
  void givenACrossRegionActionAndOneArtifactStore_thenArtifactStoresAreRequired() {
    assertOnly(violationsOfMinimalWith(j -> action(j, 1, 0).put("region", "us-west-2")), "pipeline.artifactStore",
        STRUCTURE, "Your pipeline contains actions in more than one region. Use 'pipeline.artifactStores' instead"
            + " of 'pipeline.artifactStore' to declare an artifact store, such as an artifact bucket, for each region"
            + " where you have an action.");
  }

  @Test
  @DisplayName("P5 an action whose region is the pipeline's own region is not cross-region")
  void givenAnActionRegionEqualToThePipelineRegion_thenOneArtifactStoreIsEnough() {
    assertThat(violationsOfMinimalWith(j -> action(j, 1, 0).put("region", "us-east-1"))).isEmpty();
  }

  @Test
  @DisplayName("P6 artifactStores without the region of an action -> names the missing region")
  void givenArtifactStoresMissingAnActionRegion_thenTheMissingRegionIsNamed() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      useArtifactStores(j, "us-east-1");
      action(j, 1, 0).put("region", "eu-west-1");
    });

    assertOnly(violations, "pipeline.artifactStores", STRUCTURE, "Your pipeline must have an artifact store, such as"
        + " an artifact bucket, for each region where you have an action. The following region is missing in"
        + " 'pipeline.artifactStores': eu-west-1.");
  }

  @Test
  @DisplayName("P6 artifactStores must include the pipeline's own region")
  void givenArtifactStoresWithoutThePipelineRegion_thenThePipelineRegionIsNamed() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      useArtifactStores(j, "eu-west-1");
      action(j, 1, 0).put("region", "eu-west-1");
    });

    assertThat(violations).extracting(Violation::message).singleElement().asString()
        .endsWith("missing in 'pipeline.artifactStores': us-east-1.");
  }

  @Test
  @DisplayName("P5/P6 artifactStores covering every region -> accepted")
  void givenArtifactStoresForEveryRegion_thenCrossRegionActionsAreAccepted() {
    assertThat(violationsOfMinimalWith(j -> {
      useArtifactStores(j, "us-east-1", "eu-west-1");
      action(j, 1, 0).put("region", "eu-west-1");
    })).isEmpty();
  }

  @Test
  @DisplayName("P7 one stage -> Pipeline has only 1 stage(s)")
  void givenOneStage_thenAtLeastTwoAreRequired() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      j.withArray("stages").remove(2);
      j.withArray("stages").remove(0);
    });

    assertThat(violations).contains(new Violation("pipeline.stages", STRUCTURE,
        "Pipeline has only 1 stage(s). There should be a minimum of 2 stages in a pipeline"));
  }

  @Test
  @DisplayName("P8 51 stages -> too many stages")
  void givenFiftyOneStages_thenTooManyStages() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      ArrayNode stages = j.withArray("stages");
      IntStream.range(3, 51).forEach(i -> stages.addObject().put("name", "Approvals" + i)
          .putArray("actions").add(action(j, 2, 0).deepCopy()));
    });

    assertOnly(violations, "pipeline.stages", STRUCTURE,
        "Pipeline has too many stages. There can only be up to 50 stages in a pipeline");
  }

  @Test
  @DisplayName("S2 more than 500 actions in a pipeline -> InvalidStructureException")
  void givenMoreThanFiveHundredActions_thenTooManyActions() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      ArrayNode stages = j.withArray("stages");
      for (int s = 3; s < 13; s++) {
        ObjectNode stage = stages.addObject().put("name", "Approvals" + s);
        for (int a = 0; a < 50; a++) {
          stage.withArray("actions").add(action(j, 2, 0).deepCopy().put("name", "Approve" + a));
        }
      }
    });

    assertOnly(violations, "pipeline.stages", STRUCTURE,
        "Pipeline has 504 actions. There can only be up to 500 actions in a pipeline");
  }

  @Test
  @DisplayName("P9 a non-source action in the first stage -> InvalidStructureException")
  void givenABuildActionInTheFirstStage_thenThePipelineMustStartWithSources() {
    List<Violation> violations = violationsOfMinimalWith(j -> stage(j, 0).withArray("actions")
        .add(action(j, 2, 0).deepCopy()));

    assertOnly(violations, "pipeline.stages.0", STRUCTURE,
        "Pipeline should start with a stage that only contains source actions");
  }

  @Test
  @DisplayName("P10 a source action after the first stage -> InvalidStructureException")
  void givenASourceActionInTheSecondStage_thenSourcesBelongInTheFirstStage() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      ObjectNode second = action(j, 0, 0).deepCopy().put("name", "Fetch2");
      object(second, "/outputArtifacts/0").put("name", "Other");
      second.remove("namespace");
      stage(j, 1).withArray("actions").add(second);
    });

    assertOnly(violations, "pipeline.stages.1.actions.1", STRUCTURE,
        "Source actions can only be included in the first stage of the pipeline");
  }

  @Test
  @DisplayName("P11 only source actions -> at least one non-source action")
  void givenOnlySourceActions_thenANonSourceActionIsRequired() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      j.withArray("stages").remove(2);
      ObjectNode second = action(j, 0, 0).deepCopy().put("name", "Fetch2");
      object(second, "/outputArtifacts/0").put("name", "Other");
      second.remove("namespace");
      stage(j, 1).putArray("actions").add(second);
    });

    assertThat(violations).contains(new Violation("pipeline.stages", STRUCTURE,
        "Pipeline should contain at least 1 action whose category is not Source"));
  }

  @Test
  @DisplayName("P12 two stages with one name -> InvalidStageDeclarationException")
  void givenTwoStagesWithTheSameName_thenTheNameIsUsedMoreThanOnce() {
    assertOnly(violationsOfMinimalWith(j -> stage(j, 2).put("name", "Build")), "pipeline.stages.2.name",
        "InvalidStageDeclarationException", "Stage name 'Build' is used more than once");
  }

  @Test
  @DisplayName("P17 V1 pipeline in QUEUED mode -> only V2")
  void givenAV1PipelineInQueuedMode_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> j.put("pipelineType", "V1").put("executionMode", "QUEUED")),
        "pipeline.executionMode", STRUCTURE, "QUEUED or PARALLEL mode can only be used with V2 pipelines");
  }

  @Test
  @DisplayName("P17 V1 pipeline in SUPERSEDED mode -> accepted")
  void givenAV1PipelineInSupersededMode_thenAccepted() {
    assertThat(violationsOfMinimalWith(j -> j.put("pipelineType", "V1").put("executionMode", "SUPERSEDED")))
        .isEmpty();
  }

  @Test
  @DisplayName("P18 V1 pipeline with variables -> only V2")
  void givenAV1PipelineWithVariables_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> {
      j.put("pipelineType", "V1");
      j.putArray("variables").addObject().put("name", "Env");
    }), "pipeline.variables", STRUCTURE, "Pipeline variable can only be used with V2 pipelines");
  }

  @Test
  @DisplayName("P19 V1 pipeline with triggers -> only V2")
  void givenAV1PipelineWithTriggers_thenRefused() {
    List<Violation> violations = violationsOfMinimalWith(j -> {
      j.put("pipelineType", "V1");
      object(action(j, 0, 0), "/actionTypeId").put("provider", "CodeCommit");
      action(j, 0, 0).putObject("configuration").put("RepositoryName", "app").put("BranchName", "main");
      ObjectNode git = j.putArray("triggers").addObject().put("providerType", "CodeStarSourceConnection")
          .putObject("gitConfiguration").put("sourceActionName", "Fetch");
      git.putArray("push").addObject().putObject("branches").putArray("includes").add("main");
    });

    assertOnly(violations, "pipeline.triggers", STRUCTURE, "Triggers on tag can only be used with V2 pipelines");
  }

  @Test
  @DisplayName("P20 two variables with one name -> InvalidStructureException")
  void givenTwoVariablesWithTheSameName_thenTheNameIsAlreadyInUse() {
    assertOnly(violationsOfMinimalWith(j -> {
      j.putArray("variables").addObject().put("name", "Env");
      array(j, "/variables").addObject().put("name", "Env").put("defaultValue", "prod");
    }), "pipeline.variables.1.name", STRUCTURE,
        "Variable names must be unique. The following variable name is already in use: Env");
  }

  @Test
  @DisplayName("without pipelineType the pipeline is V2: V2 features are accepted")
  void givenNoPipelineType_thenV2FeaturesAreAccepted() {
    assertThat(violationsOfMinimalWith(j -> {
      j.put("executionMode", "PARALLEL");
      j.putArray("variables").addObject().put("name", "Env");
    })).isEmpty();
  }
}

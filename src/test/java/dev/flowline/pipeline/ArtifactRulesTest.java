package dev.flowline.pipeline;

import static dev.flowline.pipeline.TestPipelines.action;
import static dev.flowline.pipeline.TestPipelines.assertOnly;
import static dev.flowline.pipeline.TestPipelines.object;
import static dev.flowline.pipeline.TestPipelines.violationsOfMinimalWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How artifacts and namespaces flow between actions (reference §4.1 P13-P16). */
class ArtifactRulesTest {
  private static final String ACTION = "InvalidActionDeclarationException";
  private static final String RUNS_BEFORE = " An input artifact must be the output artifact of an action in an"
      + " earlier stage, or in the same stage with a lower runOrder.";

  /** A second build action in the Build stage reading BuildArtifact (produced by Compile at runOrder 1). */
  private static ObjectNode packageAction(ObjectNode json, int runOrder) {
    ObjectNode pack = action(json, 1, 0).deepCopy().put("name", "Package").put("runOrder", runOrder);
    object(pack, "/inputArtifacts/0").put("name", "BuildArtifact");
    object(pack, "/outputArtifacts/0").put("name", "Package");
    object(json, "/stages/1").withArray("actions").add(pack);
    return pack;
  }

  @Test
  @DisplayName("P13 two output artifacts with one name -> AWS's text")
  void givenTwoOutputArtifactsWithTheSameName_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> action(j, 1, 0).withArray("outputArtifacts").addObject()
        .put("name", "SourceArtifact")), "pipeline.stages.1.actions.0.outputArtifacts.1.name", ACTION,
        "Output Artifact Bundle name must be unique within the pipeline. SourceArtifact has been used more than once.");
  }

  @Test
  @DisplayName("P14 an input artifact no action produces -> refused")
  void givenAnInputArtifactNobodyProduces_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> object(action(j, 2, 1), "/inputArtifacts/0").put("name", "Missing")),
        "pipeline.stages.2.actions.1.inputArtifacts.0.name", ACTION, "Input artifact 'Missing' of action 'Upload' in"
            + " stage 'Deploy' is not the output artifact of any action in the pipeline." + RUNS_BEFORE);
  }

  @Test
  @DisplayName("P14 an input artifact produced in the same stage at the same runOrder -> refused")
  void givenAnInputArtifactProducedInParallel_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> packageAction(j, 1)),
        "pipeline.stages.1.actions.1.inputArtifacts.0.name", ACTION, "Input artifact 'BuildArtifact' of action"
            + " 'Package' in stage 'Build' is produced by action 'Compile' in stage 'Build', which does not run"
            + " before it." + RUNS_BEFORE);
  }

  @Test
  @DisplayName("P14 an input artifact produced in a later stage -> refused, naming the producer")
  void givenAnInputArtifactReadBeforeItsStage_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> {
      object(action(j, 1, 0), "/inputArtifacts/0").put("name", "Approval");
      action(j, 2, 0).putArray("outputArtifacts").addObject().put("name", "Approval");
    }).stream().filter(v -> v.path().contains("inputArtifacts")).toList(),
        "pipeline.stages.1.actions.0.inputArtifacts.0.name", ACTION, "Input artifact 'Approval' of action 'Compile'"
            + " in stage 'Build' is produced by action 'Approve' in stage 'Deploy', which does not run before it."
            + RUNS_BEFORE);
  }

  @Test
  @DisplayName("P14 an input artifact produced in the same stage at a lower runOrder -> accepted")
  void givenAnInputArtifactProducedEarlierInTheSameStage_thenAccepted() {
    assertThat(violationsOfMinimalWith(j -> packageAction(j, 2))).isEmpty();
  }

  @Test
  @DisplayName("P15 two actions with one namespace -> AWS's text naming the second")
  void givenTwoActionsWithTheSameNamespace_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> action(j, 1, 0).put("namespace", "SourceVariables")),
        "pipeline.stages.1.actions.0.namespace", ACTION, "Namespaces must be unique across the pipeline definition."
            + " The following occur more than once in the pipeline. StageName=[Build], ActionName=[Compile],"
            + " Namespace=[SourceVariables]");
  }

  @Test
  @DisplayName("P16 a namespace equal to an artifact name -> refused")
  void givenANamespaceEqualToAnArtifactName_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> action(j, 1, 0).put("namespace", "SourceArtifact")),
        "pipeline.stages.1.actions.0.namespace", ACTION, "Namespace 'SourceArtifact' of action 'Compile' in stage"
            + " 'Build' is also the name of an artifact in the pipeline. Namespaces must not conflict with artifact"
            + " names.");
  }
}

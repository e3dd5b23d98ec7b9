package dev.flowline.pipeline;

import static dev.flowline.pipeline.TestPipelines.action;
import static dev.flowline.pipeline.TestPipelines.assertOnly;
import static dev.flowline.pipeline.TestPipelines.violationsOfMinimalWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** V2 triggers (reference §4.1 P21, P23): what they may reference and which filters make sense. */
class TriggerRulesTest {
  private static final String STRUCTURE = "InvalidStructureException";
  private static final String GIT = "pipeline.triggers.0.gitConfiguration";

  /** The minimal pipeline with its source switched to CodeCommit and one trigger on it, edited by {@code edit}. */
  private static List<Violation> withTrigger(Consumer<ObjectNode> edit) {
    return violationsOfMinimalWith(j -> {
      ObjectNode fetch = action(j, 0, 0);
      fetch.set("actionTypeId", TestPipelines.parse(
          "{\"category\": \"Source\", \"owner\": \"AWS\", \"provider\": \"CodeCommit\", \"version\": \"1\"}"));
      fetch.putObject("configuration").put("RepositoryName", "app").put("BranchName", "main");
      ObjectNode git = j.putArray("triggers").addObject().put("providerType", "CodeStarSourceConnection")
          .putObject("gitConfiguration").put("sourceActionName", "Fetch");
      git.putArray("push").addObject().putObject("branches").putArray("includes").add("main");
      edit.accept(j);
    });
  }

  private static ObjectNode git(ObjectNode json) {
    return (ObjectNode) json.at("/triggers/0/gitConfiguration");
  }

  @Test
  @DisplayName("P21 a push trigger on a CodeCommit source action -> accepted (Flowline hosts CodeCommit)")
  void givenATriggerOnACodeCommitSource_thenAccepted() {
    assertThat(withTrigger(j -> { })).isEmpty();
  }

  @Test
  @DisplayName("P21 a trigger on an S3 source action -> AWS's text")
  void givenATriggerOnAnS3Source_thenRefused() {
    assertOnly(violationsOfMinimalWith(j -> {
      ObjectNode git = j.putArray("triggers").addObject().put("providerType", "CodeStarSourceConnection")
          .putObject("gitConfiguration").put("sourceActionName", "Fetch");
      git.putArray("push").addObject().putObject("branches").putArray("includes").add("main");
    }), GIT + ".sourceActionName", STRUCTURE, "Triggers for connections must reference a CodeStarSourceConnection"
        + " action. 'Fetch' is not a CodeStarSourceConnection or CodeCommit source action of this pipeline.");
  }

  @Test
  @DisplayName("P21 a trigger naming no action of the pipeline -> AWS's text")
  void givenATriggerOnAMissingAction_thenRefused() {
    assertOnly(withTrigger(j -> git(j).put("sourceActionName", "Elsewhere")), GIT + ".sourceActionName", STRUCTURE,
        "Triggers for connections must reference a CodeStarSourceConnection action. 'Elsewhere' is not a"
            + " CodeStarSourceConnection or CodeCommit source action of this pipeline.");
  }

  @Test
  @DisplayName("two triggers on one source action -> one trigger configuration per source action")
  void givenTwoTriggersOnOneSourceAction_thenRefused() {
    assertOnly(withTrigger(j -> j.withArray("triggers").add(j.at("/triggers/0").deepCopy())),
        "pipeline.triggers.1.gitConfiguration.sourceActionName", STRUCTURE, "You can only specify one trigger"
            + " configuration per source action. Source action 'Fetch' has more than one.");
  }

  @Test
  @DisplayName("P23 both push and pullRequest in one trigger -> CDK's text")
  void givenPushAndPullRequestInOneTrigger_thenRefused() {
    assertOnly(withTrigger(j -> git(j).putArray("pullRequest").addObject().putObject("branches")
        .putArray("includes").add("main")), GIT, STRUCTURE, "cannot specify both GitPushFilter and"
            + " GitPullRequestFilter for the trigger with sourceAction with name 'Fetch'");
  }

  @Test
  @DisplayName("P23 neither push nor pullRequest -> CDK's text")
  void givenNoFilterInATrigger_thenRefused() {
    assertOnly(withTrigger(j -> git(j).remove("push")), GIT, STRUCTURE, "must specify either GitPushFilter or"
        + " GitPullRequestFilter for the trigger with sourceAction with name 'Fetch'");
  }

  @Test
  @DisplayName("P23 a push filter with filePaths but no branches -> CDK's text")
  void givenFilePathsWithoutBranches_thenRefused() {
    assertOnly(withTrigger(j -> {
      ObjectNode filter = (ObjectNode) git(j).at("/push/0");
      filter.remove("branches");
      filter.putObject("tags").putArray("includes").add("v*");
      filter.putObject("filePaths").putArray("includes").add("src/**");
    }), GIT + ".push.0.filePaths", STRUCTURE, "cannot specify filePaths without branches for sourceAction with"
        + " name 'Fetch'");
  }

  @Test
  @DisplayName("P23 a push filter with neither tags nor branches -> CDK's text")
  void givenAPushFilterWithoutTagsOrBranches_thenRefused() {
    assertOnly(withTrigger(j -> ((ObjectNode) git(j).at("/push/0")).remove("branches")), GIT + ".push.0", STRUCTURE,
        "must specify either tags or branches in GitpushFilter for sourceAction with name 'Fetch'");
  }

  @Test
  @DisplayName("P23 a pull request filter without branches -> CDK's text")
  void givenAPullRequestFilterWithoutBranches_thenRefused() {
    assertOnly(withTrigger(j -> {
      git(j).remove("push");
      git(j).putArray("pullRequest").addObject().putArray("events").add("OPEN");
    }), GIT + ".pullRequest.0", STRUCTURE, "must specify branches in GitPullRequestFilter for sourceAction with"
        + " name 'Fetch'");
  }

  @Test
  @DisplayName("P23 a tag-only push filter -> accepted")
  void givenATagOnlyPushFilter_thenAccepted() {
    assertThat(withTrigger(j -> {
      ObjectNode filter = (ObjectNode) git(j).at("/push/0");
      filter.remove("branches");
      filter.putObject("tags").putArray("includes").add("v*");
    })).isEmpty();
  }
}

package dev.flowline.triggers;

import static dev.flowline.codecommit.CodeCommitPipelines.pipeline;
import static dev.flowline.codecommit.CodeCommitPipelines.pushTrigger;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.engine.StartRequest.SourceRevisionOverride;
import dev.flowline.pipeline.PipelineDeclaration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which pipelines a push starts, and with what: the rules of {@link CodeCommitPushTriggers}, one by one. */
class CodeCommitPushTriggersTest {
  static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  @Test
  @DisplayName("given a CodeCommit source on repo/main, when main is pushed, then it starts as CloudWatchEvent with the pushed commit")
  void pushToTheWatchedBranchStarts() {
    Optional<CodeCommitPushTriggers.Watch> watch = watch(declaration("SUPERSEDED", null), push("repo", "refs/heads/main"));

    assertThat(watch).isPresent();
    assertThat(watch.get().request().triggerType()).isEqualTo("CloudWatchEvent");
    assertThat(watch.get().request().triggerDetail()).isEqualTo("arn:aws:codecommit:us-east-1:123456789012:repo");
    assertThat(watch.get().request().sourceRevisions())
        .containsExactly(new SourceRevisionOverride("Source", "COMMIT_ID", COMMIT));
  }

  @Test
  @DisplayName("given a CodeCommit source on repo/main, when another branch is pushed, then nothing starts")
  void pushToAnotherBranchStartsNothing() {
    assertThat(watch(declaration("SUPERSEDED", null), push("repo", "refs/heads/feature"))).isEmpty();
  }

  @Test
  @DisplayName("given a CodeCommit source on repo/main, when main of another repository is pushed, then nothing starts")
  void pushToAnotherRepositoryStartsNothing() {
    assertThat(watch(declaration("SUPERSEDED", null), push("other", "refs/heads/main"))).isEmpty();
  }

  @Test
  @DisplayName("given a PARALLEL pipeline, when main is pushed, then it starts without an override: the source reads the head when it runs")
  void parallelChangeDetectionReadsTheHead() {
    Optional<CodeCommitPushTriggers.Watch> watch = watch(declaration("PARALLEL", null), push("repo", "refs/heads/main"));

    assertThat(watch).isPresent();
    assertThat(watch.get().request().sourceRevisions()).isEmpty();
  }

  @Test
  @DisplayName("given a trigger on release/**, when main is pushed, then nothing starts: the trigger replaces change detection")
  void triggerDisablesChangeDetection() {
    PipelineDeclaration declaration = declaration("QUEUED", pushTrigger("{ \"branches\": { \"includes\": [\"release/**\"] } }"));

    assertThat(watch(declaration, push("repo", "refs/heads/main"))).isEmpty();
  }

  @Test
  @DisplayName("given a trigger on release/**, when release/1.0 is pushed, then it starts as WebhookV2 with the pushed commit")
  void triggerFilterMatchStarts() {
    PipelineDeclaration declaration = declaration("PARALLEL", pushTrigger("{ \"branches\": { \"includes\": [\"release/**\"] } }"));

    Optional<CodeCommitPushTriggers.Watch> watch = watch(declaration, push("repo", "refs/heads/release/1.0"));

    assertThat(watch).isPresent();
    assertThat(watch.get().request().triggerType()).isEqualTo("WebhookV2");
    assertThat(watch.get().request().sourceRevisions())
        .containsExactly(new SourceRevisionOverride("Source", "COMMIT_ID", COMMIT));
  }

  @Test
  @DisplayName("given a trigger with tags v*, when tag v1.2 is pushed, then it starts with the tagged commit")
  void tagTriggerStarts() {
    PipelineDeclaration declaration = declaration("QUEUED", pushTrigger("{ \"tags\": { \"includes\": [\"v*\"] } }"));

    assertThat(watch(declaration, push("repo", "refs/tags/v1.2"))).isPresent();
    assertThat(watch(declaration, push("repo", "refs/tags/nightly"))).isEmpty();
  }

  @Test
  @DisplayName("given a trigger with pull request filters only, when a branch is pushed, then nothing starts")
  void pullRequestTriggerIgnoresPushes() {
    String triggers = """
        [ { "providerType": "CodeStarSourceConnection", "gitConfiguration": { "sourceActionName": "Source",
            "pullRequest": [ { "events": ["OPEN"], "branches": { "includes": ["main"] } } ] } } ]""";

    assertThat(watch(declaration("QUEUED", triggers), push("repo", "refs/heads/main"))).isEmpty();
  }

  @Test
  @DisplayName("when a watched branch is deleted, then nothing starts")
  void deletionStartsNothing() {
    GitPush deletion = new GitPush("repo", "arn", "refs/heads/main", COMMIT, null, Set::of);

    assertThat(watch(declaration("SUPERSEDED", null), deletion)).isEmpty();
  }

  private static Optional<CodeCommitPushTriggers.Watch> watch(PipelineDeclaration declaration, GitPush push) {
    return CodeCommitPushTriggers.watch(declaration, push);
  }

  private static PipelineDeclaration declaration(String executionMode, String triggers) {
    return pipeline("p", "repo", "main", executionMode, triggers).pipeline();
  }

  private static GitPush push(String repository, String ref) {
    return new GitPush(repository, "arn:aws:codecommit:us-east-1:123456789012:" + repository, ref, null, COMMIT,
        () -> Set.of("hello.txt"));
  }

  static List<String> names(List<CodeCommitPushTriggers.StartedExecution> started) {
    return started.stream().map(CodeCommitPushTriggers.StartedExecution::pipelineName).toList();
  }
}

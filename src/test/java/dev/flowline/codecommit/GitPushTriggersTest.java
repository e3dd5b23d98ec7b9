package dev.flowline.codecommit;

import static dev.flowline.codecommit.CodeCommitClients.pushUrl;
import static dev.flowline.codecommit.CodeCommitPipelines.pipeline;
import static dev.flowline.codecommit.CodeCommitPipelines.pushTrigger;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.PipelineService;
import dev.flowline.engine.StartRequest;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecution;
import dev.flowline.execution.PipelineExecutionSummary;
import dev.flowline.pipeline.CodePipelineException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;

/**
 * The real {@code git} CLI pushes to Flowline's git endpoint, and the push starts (or does not start) the
 * pipelines whose CodeCommit source watches it, with the pushed commit as their source revision.
 */
@FlowlineTest
class GitPushTriggersTest {
  static final Duration PATIENCE = Duration.ofSeconds(60);

  @LocalServerPort
  int port;

  @Autowired
  PipelineService pipelines;

  @Autowired
  ExecutionService executions;

  @Autowired
  ExecutionQueries queries;

  @TempDir
  Path temp;

  GitCli git;
  String repository;
  Path work;

  @BeforeEach
  void repository() throws Exception {
    git = new GitCli(temp.resolve("home"));
    repository = "repo-" + UUID.randomUUID().toString().substring(0, 8);
    try (CodeCommitClient codeCommit = CodeCommitClients.codeCommit(port)) {
      codeCommit.createRepository(r -> r.repositoryName(repository));
    }
    work = git.init(temp.resolve("work"));
  }

  @Test
  @DisplayName("given a pipeline watching repo/main, when main is pushed, then it runs Source -> Commands to Succeeded on the pushed commit")
  void pushRunsThePipelineOnThePushedCommit() throws Exception {
    String name = create("SUPERSEDED", null);
    String commit = git.commit(work, "hello.txt", "hello", "Add hello\n\nWith a body.");

    GitCli.Result push = git.run(work, "push", pushUrl(port, repository), "main").ok();

    assertThat(push.output()).contains("Flowline: started pipeline " + name);
    PipelineExecutionSummary started = awaitExecution(name, "CloudWatchEvent");
    awaitStatus(name, started.pipelineExecutionId(), "Succeeded");
    PipelineExecution execution = queries.execution(name, started.pipelineExecutionId()).orElseThrow();
    assertThat(execution.trigger().triggerDetail()).isEqualTo("arn:aws:codecommit:us-east-1:123456789012:" + repository);
    assertThat(execution.artifactRevisions()).singleElement().satisfies(revision -> {
      assertThat(revision.revisionId()).isEqualTo(commit);
      assertThat(revision.revisionSummary()).isEqualTo("Add hello");
    });
    Map<String, String> source = outputVariables(name, started.pipelineExecutionId(), "Source");
    assertThat(source).containsEntry("CommitId", commit).containsEntry("BranchName", "main")
        .containsEntry("RepositoryName", repository).containsEntry("CommitMessage", "Add hello\n\nWith a body.\n")
        .containsKeys("AuthorDate", "CommitterDate");
    assertThat(outputVariables(name, started.pipelineExecutionId(), "Build")).containsEntry("BUILT_COMMIT", commit);
  }

  @Test
  @DisplayName("given a pipeline watching repo/main, when another branch is pushed, then nothing starts")
  void pushOfAnUnwatchedBranchStartsNothing() throws Exception {
    String name = create("SUPERSEDED", null);
    git.commit(work, "hello.txt", "hello", "First");
    git.run(work, "checkout", "-q", "-b", "feature").ok();

    GitCli.Result push = git.run(work, "push", pushUrl(port, repository), "feature").ok();

    assertThat(push.output()).contains("Flowline: no pipeline watches refs/heads/feature");
    assertThat(startedBy(name, "CloudWatchEvent")).isEmpty();
  }

  @Test
  @DisplayName("given a trigger that excludes feature/**, when feature/x is pushed nothing starts, when main is pushed it starts as WebhookV2")
  void triggerExcludesWin() throws Exception {
    String name = create("QUEUED", pushTrigger(
        "{ \"branches\": { \"includes\": [\"**\"], \"excludes\": [\"feature/**\"] } }"));
    String first = git.commit(work, "hello.txt", "hello", "First");
    git.run(work, "push", pushUrl(port, repository), "main:feature/x").ok();
    assertThat(startedBy(name, "WebhookV2")).isEmpty();

    git.run(work, "push", pushUrl(port, repository), "main").ok();

    PipelineExecutionSummary started = awaitExecution(name, "WebhookV2");
    awaitStatus(name, started.pipelineExecutionId(), "Succeeded");
    assertThat(outputVariables(name, started.pipelineExecutionId(), "Source")).containsEntry("CommitId", first);
  }

  @Test
  @DisplayName("given a trigger on src/** file paths, when a push changes only docs/, nothing starts; when it changes src/, it starts")
  void filePathsAreThePathsThePushChanged() throws Exception {
    git.commit(work, "hello.txt", "hello", "First");
    git.run(work, "push", "-q", pushUrl(port, repository), "main").ok();
    String name = create("QUEUED", pushTrigger(
        "{ \"branches\": { \"includes\": [\"main\"] }, \"filePaths\": { \"includes\": [\"src/**\"] } }"));
    git.commit(work, "docs/guide.md", "guide", "Docs only");
    git.run(work, "push", pushUrl(port, repository), "main").ok();
    assertThat(startedBy(name, "WebhookV2")).isEmpty();

    String code = git.commit(work, "src/app/main.sh", "echo hi", "Code");
    git.run(work, "push", pushUrl(port, repository), "main").ok();

    PipelineExecutionSummary started = awaitExecution(name, "WebhookV2");
    awaitStatus(name, started.pipelineExecutionId(), "Succeeded");
    assertThat(outputVariables(name, started.pipelineExecutionId(), "Source")).containsEntry("CommitId", code);
  }

  @Test
  @DisplayName("given a trigger on tags v*, when an annotated tag v1.0 is pushed, then it runs on the tagged commit")
  void tagPushRunsTheTaggedCommit() throws Exception {
    String name = create("QUEUED", pushTrigger("{ \"tags\": { \"includes\": [\"v*\"], \"excludes\": [\"v*-rc*\"] } }"));
    String tagged = git.commit(work, "hello.txt", "hello", "Release");
    git.run(work, "push", "-q", pushUrl(port, repository), "main").ok();
    git.run(work, "tag", "-a", "v1.0-rc1", "-m", "candidate").ok();
    git.run(work, "push", pushUrl(port, repository), "v1.0-rc1").ok();
    assertThat(startedBy(name, "WebhookV2")).isEmpty();

    git.run(work, "tag", "-a", "v1.0", "-m", "release").ok();
    git.run(work, "push", pushUrl(port, repository), "v1.0").ok();

    PipelineExecutionSummary started = awaitExecution(name, "WebhookV2");
    awaitStatus(name, started.pipelineExecutionId(), "Succeeded");
    assertThat(outputVariables(name, started.pipelineExecutionId(), "Source")).containsEntry("CommitId", tagged);
  }

  @Test
  @DisplayName("given two commits on main, when StartPipelineExecution names the first as COMMIT_ID, then the source reads the first")
  void sourceRevisionOverrideReachesTheSource() throws Exception {
    String first = git.commit(work, "hello.txt", "one", "One");
    String second = git.commit(work, "hello.txt", "two", "Two");
    git.run(work, "push", "-q", pushUrl(port, repository), "main").ok();
    String name = create("SUPERSEDED", null);

    String executionId = executions.start(name, new StartRequest(Map.of(), null,
        List.of(new StartRequest.SourceRevisionOverride("Source", "COMMIT_ID", first)), "StartPipelineExecution", "test"));

    awaitStatus(name, executionId, "Succeeded");
    assertThat(outputVariables(name, executionId, "Source")).containsEntry("CommitId", first);
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  @DisplayName("given sourceRevisions naming an action that is not a source action, then ValidationException and no execution")
  void overrideOfANonSourceActionIsRefused() throws Exception {
    git.commit(work, "hello.txt", "one", "One");
    git.run(work, "push", "-q", pushUrl(port, repository), "main").ok();
    String name = create("SUPERSEDED", null);
    int before = queries.executions(name, null, 0, 100).size();

    assertThatThrownBy(() -> executions.start(name, new StartRequest(Map.of(), null,
        List.of(new StartRequest.SourceRevisionOverride("Build", "COMMIT_ID", "abc")), "StartPipelineExecution", "test")))
        .isInstanceOfSatisfying(CodePipelineException.class, e -> {
          assertThat(e.errorType()).isEqualTo("ValidationException");
          assertThat(e.getMessage()).contains("'Build'");
        });
    assertThat(queries.executions(name, null, 0, 100)).hasSize(before);
  }

  @Test
  @DisplayName("given a pipeline on a repository that does not exist, then its source fails with ConfigurationError naming it")
  void unknownRepositoryIsAConfigurationError() throws Exception {
    String name = "cc-" + UUID.randomUUID().toString().substring(0, 8);
    pipelines.create(pipeline(name, "no-such-repository", "main", "SUPERSEDED", null));

    await().atMost(PATIENCE).until(() -> queries.executions(name, null, 0, 10).stream()
        .anyMatch(e -> e.status().equals("Failed")));
    ActionExecutionDetail source = actions(name, null, "Source").get(0);
    assertThat(source.output().executionResult().errorDetails().code()).isEqualTo("ConfigurationError");
    assertThat(source.output().executionResult().errorDetails().message()).contains("'no-such-repository' does not exist");
  }

  private String create(String executionMode, String triggers) {
    String name = "cc-" + UUID.randomUUID().toString().substring(0, 8);
    pipelines.create(pipeline(name, repository, "main", executionMode, triggers));
    return name;
  }

  private List<PipelineExecutionSummary> startedBy(String pipeline, String triggerType) {
    return queries.executions(pipeline, null, 0, 100).stream()
        .filter(e -> e.trigger() != null && triggerType.equals(e.trigger().triggerType())).toList();
  }

  private PipelineExecutionSummary awaitExecution(String pipeline, String triggerType) {
    return await().atMost(PATIENCE).alias(pipeline + " started by " + triggerType)
        .until(() -> startedBy(pipeline, triggerType), list -> !list.isEmpty()).get(0);
  }

  private void awaitStatus(String pipeline, String executionId, String status) {
    await().atMost(PATIENCE).alias(executionId + " reaches " + status)
        .until(() -> queries.execution(pipeline, executionId).map(PipelineExecution::status).orElse(null), status::equals);
  }

  private List<ActionExecutionDetail> actions(String pipeline, String executionId, String actionName) {
    return queries.actionExecutions(pipeline, executionId, 0, 100).stream()
        .filter(a -> a.actionName().equals(actionName)).toList();
  }

  private Map<String, String> outputVariables(String pipeline, String executionId, String actionName) {
    return actions(pipeline, executionId, actionName).get(0).output().outputVariables();
  }
}

package dev.flowline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import dev.flowline.codecommit.GitCli;
import dev.flowline.codecommit.HostedRepositories;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecution;
import dev.flowline.execution.PipelineExecutionSummary;
import dev.flowline.execution.PipelineState;
import dev.flowline.pipeline.PipelineCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The demo of examples/demo.json as the README tour runs it: the app is pushed to a hosted repository, the
 * pipeline builds it with CodeBuild, tests it twice in parallel, waits for an approval and deploys the site;
 * a second push starts the next execution with the pushed commit.
 */
@FlowlineTest
class DemoPipelineTest {
  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @Autowired HostedRepositories repositories;
  @LocalServerPort int port;

  @Test
  @DisplayName("Given the demo app pushed to a hosted repository, the demo runs to its approval and, approved, deploys the site")
  void demoRunsFromAPushToTheDeployedSite() throws Exception {
    String name = PipelineFixtures.uniqueName("demo");
    String siteBucket = "site-" + name;
    String json = Files.readString(Path.of("examples/demo.json")).replace("\"flowline-demo\"", "\"" + name + "\"")
        .replace("flowline-demo-site", siteBucket);
    PipelineFixtures.createBucket(siteBucket);

    repositories.create(name, "demo under test");
    GitCli git = new GitCli(PipelineFixtures.DATA_DIR.toAbsolutePath().resolve("git-home"));
    Path clone = Files.createTempDirectory("demo-clone");
    copy(Path.of("examples/demo-app"), clone);
    git.init(clone);
    git.run(clone, "add", "-A").ok();
    git.run(clone, "commit", "-q", "-m", "The demo app").ok();
    String firstCommit = git.head(clone);
    git.run(clone, "push", "-q", pushUrl(name), "main").ok();

    pipelines.create(PipelineCodec.read(json));
    PipelineState.ActionExecution approval = await().atMost(Duration.ofSeconds(90))
        .until(() -> approvalAction(name), a -> a != null && a.token() != null);
    String executionId = queries.executions(name, null, 0, 10).get(0).pipelineExecutionId();
    PipelineExecution waiting = queries.execution(name, executionId).orElseThrow();
    assertThat(waiting.trigger().triggerType()).isEqualTo("CreatePipeline");
    assertThat(waiting.artifactRevisions()).extracting(r -> r.revisionId()).containsExactly(firstCommit);

    executions.putApprovalResult(name, "Approve", "Approve", approval.token(), "Approved", "Looks good", "tester");
    String status = await().atMost(Duration.ofSeconds(60))
        .until(() -> queries.execution(name, executionId).orElseThrow().status(), s -> !"InProgress".equals(s));
    assertThat(status).as("actions: %s", queries.actionExecutions(name, executionId, 0, 100)).isEqualTo("Succeeded");

    Path site = PipelineFixtures.DATA_DIR.resolve("s3").resolve(siteBucket);
    assertThat(site.resolve("dist/index.html")).exists();
    assertThat(Files.readString(site.resolve("dist/build.txt"))).contains(firstCommit);
    List<ActionExecutionDetail> actions = queries.actionExecutions(name, executionId, 0, 100);
    Map<String, String> statusByAction = actions.stream()
        .collect(Collectors.toMap(ActionExecutionDetail::actionName, ActionExecutionDetail::status));
    assertThat(statusByAction).containsOnly(Map.entry("Source", "Succeeded"), Map.entry("Build", "Succeeded"),
        Map.entry("UnitTests", "Succeeded"), Map.entry("LintHtml", "Succeeded"), Map.entry("Approve", "Succeeded"),
        Map.entry("Deploy", "Succeeded"));
    assertThat(action(actions, "Source").output().outputVariables()).containsEntry("CommitId", firstCommit);
    assertThat(action(actions, "Build").output().outputVariables()).containsKey("BUILD_ID");
    assertThat(action(actions, "UnitTests").output().executionResult().externalExecutionSummary())
        .contains("2 passed");
    PipelineState.ActionExecution approved = approvalAction(name);
    assertThat(approved.summary()).isEqualTo("Looks good");
    assertThat(approved.lastUpdatedBy()).isEqualTo("tester");

    Files.writeString(clone.resolve("site/index.html"), Files.readString(clone.resolve("site/index.html"))
        .replace("Deployed by Flowline", "Deployed by Flowline, again"));
    git.run(clone, "commit", "-q", "-am", "A change").ok();
    String secondCommit = git.head(clone);
    git.run(clone, "push", "-q", pushUrl(name), "main").ok();
    PipelineExecutionSummary pushed = await().atMost(Duration.ofSeconds(60))
        .until(() -> queries.executions(name, null, 0, 10).get(0), e -> !e.pipelineExecutionId().equals(executionId));
    await().atMost(Duration.ofSeconds(90)).until(() -> queries.execution(name, pushed.pipelineExecutionId())
        .orElseThrow().artifactRevisions(), revisions -> !revisions.isEmpty());
    assertThat(queries.execution(name, pushed.pipelineExecutionId()).orElseThrow().artifactRevisions())
        .extracting(r -> r.revisionId()).containsExactly(secondCommit);
  }

  private String pushUrl(String repository) {
    return "http://admin:admin@127.0.0.1:" + port + "/git/" + repository + ".git";
  }

  private static ActionExecutionDetail action(List<ActionExecutionDetail> actions, String name) {
    return actions.stream().filter(a -> a.actionName().equals(name)).findFirst().orElseThrow();
  }

  private PipelineState.ActionExecution approvalAction(String name) {
    return queries.state(name).stageStates().get(3).actionStates().get(0).latestExecution();
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
  }
}

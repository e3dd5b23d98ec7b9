package dev.flowline.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.FlowlineTest;
import dev.flowline.connections.TestGitHost;
import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecutionSummary;
import dev.flowline.execution.PipelineQueries;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.triggers.CodeCommitPushTriggers.StartedExecution;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PollForSourceChanges of GitHub v1 sources: git ls-remote with the action's OAuthToken against a real JGit HTTP
 * server standing in for github.com; two pollers on the one database stand for two nodes.
 */
@FlowlineTest
class GitHubSourcePollerTest {
  static final String TOKEN = "gh-poll-" + UUID.randomUUID();

  @Autowired PipelineService pipelines;
  @Autowired PipelineQueries pipelineQueries;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @Autowired JdbcTemplate jdbc;
  @TempDir Path temp;
  TestGitHost host;

  @AfterEach
  void close() throws Exception {
    if (host != null) {
      host.close();
    }
  }

  @Test
  @DisplayName("the first head is the baseline; a new commit starts the polling pipeline once on that commit although two nodes race; PollForSourceChanges=false and a refused token start nothing")
  void newHeadStartsOnce() throws Exception {
    host = new TestGitHost(temp, TOKEN);
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String repo = "app-" + suffix;
    host.createRepository("octo/" + repo, "main", "hello.txt", "hello");
    host.createRepository("octo/other-" + suffix, "main", "hello.txt", "hello");
    String polling = create("ghpoll-" + suffix, repo, TOKEN, null);
    String notPolling = create("ghpoll-n-" + suffix, repo, TOKEN, "false");
    String refused = create("ghpoll-r-" + suffix, "other-" + suffix, "not-the-token", "true");
    GitHubSourcePoller node1 = poller();
    GitHubSourcePoller node2 = poller();

    assertThat(mine(node1.pollOnce(), suffix)).as("baseline").isEmpty();
    String pushed = host.commit("octo/" + repo, "main", "Polled", "src/app.txt", "v2");
    host.commit("octo/other-" + suffix, "main", "Other", "src/app.txt", "v2");
    List<StartedExecution> started = race(node1, node2);

    assertThat(mine(started, suffix)).extracting(StartedExecution::pipelineName).containsExactly(polling);
    assertThat(mine(node2.pollOnce(), suffix)).as("the same head again").isEmpty();
    assertThat(polled(notPolling)).isEmpty();
    assertThat(polled(refused)).isEmpty();
    assertThat(host.refusals).isNotEmpty();
    List<PipelineExecutionSummary> runs = polled(polling);
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).trigger().triggerDetail()).isEqualTo("octo/" + repo + "#main");
    assertThat(jdbc.queryForList("SELECT source_revision_overrides FROM flowline_pipeline_execution WHERE id = ?",
        String.class, runs.get(0).pipelineExecutionId()).get(0)).contains(pushed);
  }

  private GitHubSourcePoller poller() {
    return new GitHubSourcePoller(pipelineQueries, executions, jdbc, host.url(), Duration.ZERO, Clock.systemUTC());
  }

  private static List<StartedExecution> race(GitHubSourcePoller node1, GitHubSourcePoller node2) throws Exception {
    List<StartedExecution> started = new ArrayList<>();
    ExecutorService nodes = Executors.newFixedThreadPool(2);
    try {
      CyclicBarrier together = new CyclicBarrier(2);
      List<Future<List<StartedExecution>>> rounds = new ArrayList<>();
      for (GitHubSourcePoller node : List.of(node1, node2)) {
        Callable<List<StartedExecution>> round = () -> {
          together.await();
          return node.pollOnce();
        };
        rounds.add(nodes.submit(round));
      }
      for (Future<List<StartedExecution>> result : rounds) {
        started.addAll(result.get());
      }
    } finally {
      nodes.shutdownNow();
    }
    return started;
  }

  private String create(String name, String repo, String token, String poll) {
    pipelines.create(PipelineCodec.read("""
        {
          "pipeline": {
            "name": "%s",
            "roleArn": "arn:aws:iam::123456789012:role/flowline-tests",
            "artifactStore": { "type": "S3", "location": "flowline-artifacts" },
            "stages": [
              { "name": "Source", "actions": [ {
                  "name": "Checkout",
                  "actionTypeId": { "category": "Source", "owner": "ThirdParty", "provider": "GitHub", "version": "1" },
                  "configuration": { "Owner": "octo", "Repo": "%s", "Branch": "main", "OAuthToken": "%s"%s },
                  "outputArtifacts": [ { "name": "SourceOutput" } ] } ] },
              { "name": "Approve", "actions": [ {
                  "name": "Approve",
                  "actionTypeId": { "category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1" } } ] }
            ]
          }
        }
        """.formatted(name, repo, token, poll == null ? "" : ", \"PollForSourceChanges\": \"" + poll + "\"")));
    return name;
  }

  private List<PipelineExecutionSummary> polled(String pipeline) {
    return queries.executions(pipeline, null, 0, 100).stream()
        .filter(e -> e.trigger() != null && "PollForSourceChanges".equals(e.trigger().triggerType())).toList();
  }

  private static List<StartedExecution> mine(List<StartedExecution> started, String suffix) {
    return started.stream().filter(s -> s.pipelineName().endsWith(suffix)).toList();
  }
}

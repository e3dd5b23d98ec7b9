package dev.flowline.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.FlowlineTest;
import dev.flowline.actions.source.AwsCodeCommitRepositories;
import dev.flowline.actions.source.CodeCommitGitServer;
import dev.flowline.codecommit.GitCli;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * PollForSourceChanges of CodeCommit sources on repositories in AWS: {@code git ls-remote} with SigV4 git
 * credentials against {@link CodeCommitGitServer} (JGit's HTTP server checking CodeCommit's signature, standing in
 * for git-codecommit.<region>.amazonaws.com); two pollers on the one database stand for two nodes.
 */
@FlowlineTest
class CodeCommitSourcePollerTest {

  @Autowired PipelineService pipelines;
  @Autowired PipelineQueries pipelineQueries;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @Autowired JdbcTemplate jdbc;
  @TempDir Path temp;
  CodeCommitGitServer codeCommit;

  @AfterEach
  void close() {
    if (codeCommit != null) {
      codeCommit.close();
    }
  }

  @Test
  @DisplayName("the first head is the baseline; a new commit starts each polling pipeline once on that commit although two nodes race, with one ls-remote per branch; PollForSourceChanges=false starts nothing")
  void newHeadStartsOnce() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String repository = "cc-" + suffix;
    GitCli git = new GitCli(temp.resolve("home"));
    Path work = git.init(temp.resolve("work"));
    git.commit(work, "hello.txt", "one", "One");
    codeCommit = new CodeCommitGitServer(temp.resolve("codecommit"));
    codeCommit.create(repository, work);
    String absent = create("ccpoll-a-" + suffix, repository, null, "SUPERSEDED");
    String polling = create("ccpoll-t-" + suffix, repository, "true", "QUEUED");
    String parallel = create("ccpoll-p-" + suffix, repository, "true", "PARALLEL");
    String notPolling = create("ccpoll-f-" + suffix, repository, "false", "SUPERSEDED");
    AtomicInteger lookups = new AtomicInteger();
    AwsCodeCommitRepositories aws = codeCommit.repositories(CodeCommitGitServer.KEYS, temp.resolve("cache"));
    CodeCommitSourcePoller.BranchHeads heads = (name, branch) -> {
      if (name.equals(repository)) {
        lookups.incrementAndGet();
      }
      return aws.branchHead(name, branch);
    };
    CodeCommitSourcePoller node1 = poller(heads);
    CodeCommitSourcePoller node2 = poller(heads);

    assertThat(mine(node1.pollOnce(), suffix)).as("baseline").isEmpty();
    assertThat(lookups.get()).as("one look per branch, however many pipelines read it").isEqualTo(1);
    String pushed = git.commit(work, "hello.txt", "two", "Two");
    codeCommit.push(repository, work, "main");
    List<StartedExecution> started = race(node1, node2);

    assertThat(mine(started, suffix)).extracting(StartedExecution::pipelineName)
        .containsExactlyInAnyOrder(absent, polling, parallel);
    assertThat(mine(node2.pollOnce(), suffix)).as("the same head again").isEmpty();
    assertThat(polled(notPolling)).isEmpty();
    for (String pipeline : List.of(absent, polling)) {
      List<PipelineExecutionSummary> runs = polled(pipeline);
      assertThat(runs).hasSize(1);
      assertThat(runs.get(0).trigger().triggerDetail()).isEqualTo(repository + "#main");
      assertThat(overrides(runs.get(0))).contains(pushed);
    }
    assertThat(polled(parallel)).singleElement().satisfies(run -> assertThat(overrides(run))
        .as("PARALLEL: the source reads the branch head when it runs, as on AWS").doesNotContain(pushed));
  }

  @Test
  @DisplayName("a repository CodeCommit refuses (wrong keys) or lacks starts nothing and does not stop the other branches' polls")
  void refusedRepository() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    GitCli git = new GitCli(temp.resolve("home"));
    Path work = git.init(temp.resolve("work"));
    git.commit(work, "hello.txt", "one", "One");
    codeCommit = new CodeCommitGitServer(temp.resolve("codecommit"));
    codeCommit.create("ok-" + suffix, work);
    String ok = create("ccpoll-ok-" + suffix, "ok-" + suffix, null, "SUPERSEDED");
    String missing = create("ccpoll-m-" + suffix, "missing-" + suffix, null, "SUPERSEDED");
    AwsCodeCommitRepositories aws = codeCommit.repositories(CodeCommitGitServer.KEYS, temp.resolve("cache"));
    CodeCommitSourcePoller node = poller((name, branch) -> {
      if (name.equals("missing-" + suffix)) {
        throw new IllegalStateException("CodeCommit refused");
      }
      return aws.branchHead(name, branch);
    });

    node.pollOnce();
    git.commit(work, "hello.txt", "two", "Two");
    codeCommit.push("ok-" + suffix, work, "main");

    assertThat(mine(node.pollOnce(), suffix)).extracting(StartedExecution::pipelineName).containsExactly(ok);
    assertThat(polled(missing)).isEmpty();
  }

  private CodeCommitSourcePoller poller(CodeCommitSourcePoller.BranchHeads heads) {
    return new CodeCommitSourcePoller(pipelineQueries, executions, heads, CodeCommitGitServer.REGION, jdbc,
        Duration.ZERO, Clock.systemUTC());
  }

  private static List<StartedExecution> race(CodeCommitSourcePoller node1, CodeCommitSourcePoller node2)
      throws Exception {
    List<StartedExecution> started = new ArrayList<>();
    ExecutorService nodes = Executors.newFixedThreadPool(2);
    try {
      CyclicBarrier together = new CyclicBarrier(2);
      List<Future<List<StartedExecution>>> rounds = new ArrayList<>();
      for (CodeCommitSourcePoller node : List.of(node1, node2)) {
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

  private String create(String name, String repository, String poll, String mode) {
    pipelines.create(PipelineCodec.read("""
        {
          "pipeline": {
            "name": "%s",
            "roleArn": "arn:aws:iam::123456789012:role/flowline-tests",
            "artifactStore": { "type": "S3", "location": "flowline-artifacts" },
            "pipelineType": "V2",
            "executionMode": "%s",
            "stages": [
              { "name": "Source", "actions": [ {
                  "name": "Checkout",
                  "actionTypeId": { "category": "Source", "owner": "AWS", "provider": "CodeCommit", "version": "1" },
                  "configuration": { "RepositoryName": "%s", "BranchName": "main"%s },
                  "outputArtifacts": [ { "name": "SourceOutput" } ] } ] },
              { "name": "Approve", "actions": [ {
                  "name": "Approve",
                  "actionTypeId": { "category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1" } } ] }
            ]
          }
        }
        """.formatted(name, mode, repository, poll == null ? "" : ", \"PollForSourceChanges\": \"" + poll + "\"")));
    return name;
  }

  private String overrides(PipelineExecutionSummary run) {
    return String.valueOf(jdbc.queryForList("SELECT source_revision_overrides FROM flowline_pipeline_execution "
        + "WHERE id = ?", String.class, run.pipelineExecutionId()).get(0));
  }

  private List<PipelineExecutionSummary> polled(String pipeline) {
    return queries.executions(pipeline, null, 0, 100).stream()
        .filter(e -> e.trigger() != null && "PollForSourceChanges".equals(e.trigger().triggerType())).toList();
  }

  private static List<StartedExecution> mine(List<StartedExecution> started, String suffix) {
    return started.stream().filter(s -> s.pipelineName().endsWith(suffix)).toList();
  }
}

package dev.flowline.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import dev.flowline.api.connections.ConnectionsTestClients;
import dev.flowline.connections.ConnectionPipelines;
import dev.flowline.connections.TestGitHost;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecutionSummary;
import dev.flowline.triggers.CodeCommitPushTriggers.StartedExecution;
import java.nio.file.Path;
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
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codestarconnections.CodeStarConnectionsClient;
import software.amazon.awssdk.services.codestarconnections.model.ProviderType;

/**
 * Polling a connection's branch with git ls-remote against a real JGit HTTP host: the first head is the baseline,
 * a new head starts the watching pipelines once, even when two pollers (two nodes on one database) race for it.
 */
@FlowlineTest
class ConnectionPollerTest {
  static final String TOKEN = "poll-" + UUID.randomUUID();

  @LocalServerPort int port;
  @Autowired PipelineService pipelines;
  @Autowired ExecutionQueries queries;
  @Autowired ConnectionPoller poller;
  @TempDir Path temp;

  TestGitHost host;

  @AfterEach
  void close() throws Exception {
    if (host != null) {
      host.close();
    }
  }

  @Test
  @DisplayName("the first poll is the baseline; a new commit on the branch starts the pipeline once although two pollers race; the next poll starts nothing")
  void newHeadStartsOnceAcrossTwoPollers() throws Exception {
    host = new TestGitHost(temp, TOKEN);
    host.createRepository("octo/polled", "main", "hello.txt", "hello");
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String connection;
    try (CodeStarConnectionsClient connections = ConnectionsTestClients.codeStar(port)) {
      String hostArn = connections.createHost(r -> r.name("p-" + suffix).providerType(ProviderType.GIT_HUB_ENTERPRISE_SERVER)
          .providerEndpoint(host.url())).hostArn();
      connection = connections.createConnection(r -> r.connectionName("p-" + suffix).hostArn(hostArn)).connectionArn();
    }
    ConnectionsTestClients.complete(port, connection, TOKEN, null);
    String pipeline = "poll-" + suffix;
    String second = "poll-b-" + suffix;
    pipelines.create(ConnectionPipelines.pipeline(pipeline, connection, "octo/polled", "main", null, null));
    pipelines.create(ConnectionPipelines.pipeline(second, connection, "octo/polled", "main", null, "false"));

    assertThat(mine(poller.pollOnce(), pipeline)).as("baseline").isEmpty();
    String pushed = host.commit("octo/polled", "main", "Polled change", "src/app.txt", "v2");

    List<StartedExecution> started = new ArrayList<>();
    ExecutorService nodes = Executors.newFixedThreadPool(2);
    try {
      CyclicBarrier together = new CyclicBarrier(2);
      Callable<List<StartedExecution>> round = () -> {
        together.await();
        return poller.pollOnce();
      };
      List<Future<List<StartedExecution>>> rounds = List.of(nodes.submit(round), nodes.submit(round));
      for (Future<List<StartedExecution>> result : rounds) {
        started.addAll(result.get());
      }
    } finally {
      nodes.shutdownNow();
    }

    assertThat(mine(started, pipeline)).hasSize(1);
    assertThat(mine(started, second)).as("DetectChanges=false").isEmpty();
    assertThat(mine(poller.pollOnce(), pipeline)).isEmpty();
    List<PipelineExecutionSummary> polled = queries.executions(pipeline, null, 0, 100).stream()
        .filter(e -> e.trigger() != null && "PollForSourceChanges".equals(e.trigger().triggerType())).toList();
    assertThat(polled).hasSize(1);
    await().atMost(Duration.ofSeconds(60)).until(() -> queries.actionExecutions(pipeline,
            polled.get(0).pipelineExecutionId(), 0, 100).stream()
        .filter(a -> a.actionName().equals("Source") && a.output() != null && a.output().outputVariables() != null)
        .map(a -> a.output().outputVariables().get("CommitId")).filter(c -> c != null).findFirst().orElse(""),
        pushed::equals);
  }

  private static List<StartedExecution> mine(List<StartedExecution> started, String pipeline) {
    return started.stream().filter(s -> s.pipelineName().equals(pipeline)).toList();
  }
}

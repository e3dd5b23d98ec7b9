package dev.flowline.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowlineTest;
import dev.flowline.api.connections.ConnectionsTestClients;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecution;
import dev.flowline.execution.PipelineExecutionSummary;
import dev.flowline.triggers.ProviderWebhooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codeconnections.CodeConnectionsClient;
import software.amazon.awssdk.services.codeconnections.model.ProviderType;
import software.amazon.awssdk.services.codestarconnections.CodeStarConnectionsClient;
import software.amazon.awssdk.services.codestarconnections.model.ResourceNotFoundException;
import software.amazon.awssdk.services.codestarconnections.model.Tag;

/**
 * The two ARN forms of one connection, through the SDK v2 clients of both service names: a connection or host
 * carries the prefix of the name it was created through ({@code arn:aws:codeconnections:...} or
 * {@code arn:aws:codestar-connections:...}) and is answered so whoever asks; either form names it in every call,
 * in a pipeline's {@code ConnectionArn}, and for the webhooks that start that pipeline.
 */
@FlowlineTest
class ConnectionArnFormsTest {
  static final Duration PATIENCE = Duration.ofSeconds(90);
  static final String TOKEN = "ghe-token-" + UUID.randomUUID();
  static final String SECRET = "webhook-secret-" + UUID.randomUUID();
  static final String CODECONNECTIONS = "arn:aws:codeconnections:us-east-1:123456789012:";
  static final String CODESTAR = "arn:aws:codestar-connections:us-east-1:123456789012:";

  @LocalServerPort int port;
  @Autowired PipelineService pipelines;
  @Autowired ExecutionQueries queries;
  @TempDir Path temp;

  CodeConnectionsClient newer;
  CodeStarConnectionsClient older;
  String name;

  @BeforeEach
  void clients() {
    newer = ConnectionsTestClients.codeConnections(port);
    older = ConnectionsTestClients.codeStar(port);
    name = "arn-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void close() {
    newer.close();
    older.close();
  }

  @Test
  @DisplayName("created through codeconnections: a codeconnections ARN, answered so by both clients; created through codestar-connections: the older ARN; either form reads, tags and deletes")
  void eachResourceKeepsTheFormItWasCreatedIn() {
    String hostArn = newer.createHost(r -> r.name(name).providerType(ProviderType.GIT_HUB_ENTERPRISE_SERVER)
        .providerEndpoint("https://github.example.com")).hostArn();
    String viaNew = newer.createConnection(r -> r.connectionName(name + "-n").hostArn(codeStarForm(hostArn)))
        .connectionArn();
    String viaOld = older.createConnection(r -> r.connectionName(name + "-o")
        .providerType(software.amazon.awssdk.services.codestarconnections.model.ProviderType.GIT_HUB)).connectionArn();

    assertThat(hostArn).startsWith(CODECONNECTIONS + "host/" + name + "-");
    assertThat(viaNew).matches(CODECONNECTIONS + "connection/[0-9a-f-]{36}");
    assertThat(viaOld).matches(CODESTAR + "connection/[0-9a-f-]{36}");
    assertThat(older.getConnection(r -> r.connectionArn(codeStarForm(viaNew))).connection()).satisfies(c -> {
      assertThat(c.connectionArn()).isEqualTo(viaNew);
      assertThat(c.hostArn()).isEqualTo(hostArn);
    });
    assertThat(newer.getConnection(r -> r.connectionArn(viaOld)).connection().connectionArn()).isEqualTo(viaOld);
    assertThat(newer.getConnection(r -> r.connectionArn(codeConnectionsForm(viaOld))).connection().connectionArn())
        .isEqualTo(viaOld);
    assertThat(older.listConnections(r -> r.maxResults(100)).connections())
        .extracting(c -> c.connectionArn()).contains(viaNew, viaOld);
    assertThat(older.listConnections(r -> r.hostArnFilter(codeStarForm(hostArn))).connections())
        .singleElement().satisfies(c -> assertThat(c.connectionArn()).isEqualTo(viaNew));
    assertThat(newer.listConnections(r -> r.hostArnFilter(hostArn)).connections()).hasSize(1);
    assertThat(older.getHost(r -> r.hostArn(codeStarForm(hostArn))).name()).isEqualTo(name);
    assertThat(older.listHostsPaginator(r -> { }).stream().flatMap(p -> p.hosts().stream()).toList())
        .anySatisfy(h -> assertThat(h.hostArn()).isEqualTo(hostArn));

    older.tagResource(r -> r.resourceArn(codeStarForm(viaNew)).tags(Tag.builder().key("team").value("a").build()));
    assertThat(newer.listTagsForResource(r -> r.resourceArn(viaNew)).tags())
        .singleElement().satisfies(t -> assertThat(t.value()).isEqualTo("a"));
    newer.untagResource(r -> r.resourceArn(codeConnectionsForm(viaNew)).tagKeys("team"));
    assertThat(older.listTagsForResource(r -> r.resourceArn(viaNew)).tags()).isEmpty();

    older.deleteConnection(r -> r.connectionArn(viaNew));
    newer.deleteConnection(r -> r.connectionArn(codeConnectionsForm(viaOld)));
    assertThatThrownBy(() -> older.getConnection(r -> r.connectionArn(codeStarForm(viaNew))))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> older.getConnection(r -> r.connectionArn(viaOld)))
        .isInstanceOf(ResourceNotFoundException.class);
    newer.deleteHost(r -> r.hostArn(codeStarForm(hostArn)));
  }

  @Test
  @DisplayName("a codeconnections connection named in either form by two pipelines' ConnectionArn: one signed push starts both, and each fetches the pushed commit")
  void pipelinesNameTheConnectionInEitherForm() throws Exception {
    TestGitHost host = new TestGitHost(temp, TOKEN);
    try {
      String main0 = host.createRepository("octo/app", "main", "hello.txt", "hello");
      String hostArn = newer.createHost(r -> r.name(name).providerType(ProviderType.GIT_HUB_ENTERPRISE_SERVER)
          .providerEndpoint(host.url())).hostArn();
      String connection = newer.createConnection(r -> r.connectionName(name).hostArn(hostArn)).connectionArn();
      ConnectionsTestClients.complete(port, codeStarForm(connection), TOKEN, SECRET);
      String asAnswered = name + "-new";
      String olderForm = name + "-old";
      pipelines.create(ConnectionPipelines.pipeline(asAnswered, connection, "octo/app", "main", null, null));
      pipelines.create(ConnectionPipelines.pipeline(olderForm, codeStarForm(connection), "octo/app", "main", null,
          null));
      String pushed = host.commit("octo/app", "main", "Update", "src/app.txt", "v2");
      byte[] body = """
          {"ref": "refs/heads/main", "before": "%s", "after": "%s", "head_commit": {"id": "%s"},
           "commits": [{"id": "%s", "added": [], "removed": [], "modified": ["src/app.txt"]}],
           "repository": {"full_name": "octo/app"}}""".formatted(main0, pushed, pushed, pushed)
          .getBytes(StandardCharsets.UTF_8);

      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + port + "/webhooks/connections/" + connection.substring(connection.lastIndexOf('/') + 1)))
          .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
          .header("X-GitHub-Delivery", UUID.randomUUID().toString())
          .header("X-Hub-Signature-256", ProviderWebhooks.signature(body, SECRET))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      assertThat(new ObjectMapper().readTree(response.body()).path("started").findValuesAsText("pipelineName"))
          .containsExactlyInAnyOrder(asAnswered, olderForm);
      for (String pipeline : List.of(asAnswered, olderForm)) {
        PipelineExecutionSummary run = await().atMost(PATIENCE).until(() -> queries.executions(pipeline, null, 0, 100)
            .stream().filter(e -> e.trigger() != null && "Webhook".equals(e.trigger().triggerType())).findFirst(),
            found -> found.isPresent()).orElseThrow();
        assertThat(run.trigger().triggerDetail()).isEqualTo(connection);
        await().atMost(PATIENCE).alias(pipeline + " succeeds").until(() -> queries.execution(pipeline,
            run.pipelineExecutionId()).map(PipelineExecution::status).orElse(null), "Succeeded"::equals);
        assertThat(queries.actionExecutions(pipeline, run.pipelineExecutionId(), 0, 100).stream()
            .filter(a -> a.actionName().equals("Source")).findFirst().orElseThrow().output().outputVariables())
            .containsEntry("CommitId", pushed);
      }
    } finally {
      host.close();
    }
  }

  private static String codeStarForm(String arn) {
    return arn.replace(":codeconnections:", ":codestar-connections:");
  }

  private static String codeConnectionsForm(String arn) {
    return arn.replace(":codestar-connections:", ":codeconnections:");
  }
}

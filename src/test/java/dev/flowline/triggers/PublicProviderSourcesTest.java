package dev.flowline.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowlineTest;
import dev.flowline.SharedTestServers;
import dev.flowline.api.connections.ConnectionsTestClients;
import dev.flowline.artifacts.ArtifactLocation;
import dev.flowline.artifacts.ArtifactStore;
import dev.flowline.connections.ConnectionPipelines;
import dev.flowline.connections.TestGitHost;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecution;
import dev.flowline.execution.PipelineExecutionSummary;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codestarconnections.CodeStarConnectionsClient;
import software.amazon.awssdk.services.codestarconnections.model.ProviderType;

/**
 * Connections to the providers that need no host, Bitbucket and GitLab (gitlab.com), end to end: the provider's
 * signed push webhook starts the pipeline, and its source action fetches the pushed commit from the provider's git.
 * That git is a real JGit HTTP server standing in for bitbucket.org / gitlab.com
 * ({@code flowline.connections.git-urls.Bitbucket} / {@code .GitLab}, {@link SharedTestServers}), accepting the
 * token only as the provider documents it: Bitbucket access tokens with the user {@code x-token-auth}, GitLab
 * tokens with {@code oauth2}.
 */
@FlowlineTest
class PublicProviderSourcesTest {
  static final Duration PATIENCE = Duration.ofSeconds(90);
  static final String SECRET = "webhook-secret-" + UUID.randomUUID();

  @LocalServerPort int port;
  @Autowired PipelineService pipelines;
  @Autowired ExecutionQueries queries;
  @Autowired ArtifactStore artifacts;

  CodeStarConnectionsClient connections;
  String suffix;
  String repository;

  @BeforeEach
  void client() {
    connections = ConnectionsTestClients.codeStar(port);
    suffix = UUID.randomUUID().toString().substring(0, 8);
    repository = "ws-" + suffix + "/app";
  }

  @AfterEach
  void close() {
    connections.close();
  }

  @Test
  @DisplayName("Bitbucket: a signed repo:push starts the pipeline, whose source fetches the pushed commit from Bitbucket's git with x-token-auth and the token")
  void bitbucketPushFetchesThePushedCommit() throws Exception {
    TestGitHost bitbucket = SharedTestServers.bitbucket();
    String before = bitbucket.createRepository(repository, "main", "hello.txt", "hello");
    String connection = connection(ProviderType.BITBUCKET, SharedTestServers.BITBUCKET_TOKEN);
    String pipeline = pipeline(connection);
    String pushed = bitbucket.commit(repository, "main", "Add the pushed file", "src/pushed.txt", "pushed " + suffix);
    byte[] body = ProviderPayloads.bitbucketPush(repository, "main", before, pushed).getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response = post(connection, Map.of("X-Event-Key", "repo:push",
        "X-Hub-Signature", ProviderWebhooks.signature(body, SECRET), "X-Request-UUID", UUID.randomUUID().toString(),
        "X-Hook-UUID", UUID.randomUUID().toString(), "User-Agent", "Bitbucket-Webhooks/2.0"), body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertRanOn(pipeline, pushed);
    assertThat(bitbucket.usersSeen).contains("x-token-auth").containsOnly("x-token-auth");
  }

  @Test
  @DisplayName("Bitbucket: pullrequest:created (short hashes, as Bitbucket sends) starts the V2 pull-request trigger, whose source fetches the PR's head commit from Bitbucket's git")
  void bitbucketPullRequestFetchesItsHead() throws Exception {
    TestGitHost bitbucket = SharedTestServers.bitbucket();
    String main0 = bitbucket.createRepository(repository, "main", "hello.txt", "hello");
    String connection = connection(ProviderType.BITBUCKET, SharedTestServers.BITBUCKET_TOKEN);
    String pipeline = "public-" + suffix;
    pipelines.create(ConnectionPipelines.pipeline(pipeline, connection, repository, "main", """
        [ { "providerType": "CodeStarSourceConnection",
            "gitConfiguration": { "sourceActionName": "Source",
              "pullRequest": [ { "events": ["OPEN"], "branches": { "includes": ["main"] } } ] } } ]""", null));
    String head = bitbucket.commit(repository, "feature", "A feature", "src/feature.txt", "feature " + suffix);
    byte[] body = ProviderPayloads.bitbucketPullRequest(repository, 4, "feature", head, "main", main0)
        .getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response = post(connection, Map.of("X-Event-Key", "pullrequest:created",
        "X-Hub-Signature", ProviderWebhooks.signature(body, SECRET), "X-Request-UUID", UUID.randomUUID().toString()),
        body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    String executionId = single(pipeline, "WebhookV2");
    await().atMost(PATIENCE).alias(executionId + " succeeds").until(() -> queries.execution(pipeline, executionId)
        .map(PipelineExecution::status).orElse(null), "Succeeded"::equals);
    ActionExecutionDetail source = action(pipeline, executionId, "Source");
    assertThat(source.output().outputVariables()).containsEntry("CommitId", head).containsEntry("PullRequestId", "4")
        .containsEntry("SourceBranchName", "feature").containsEntry("DestinationBranchName", "main");
    ActionExecutionDetail.S3Location location = source.output().outputArtifacts().get(0).s3location();
    assertThat(zipEntries(new ArtifactLocation(location.bucket(), location.key())))
        .containsEntry("src/feature.txt", "feature " + suffix);
  }

  @Test
  @DisplayName("GitLab (gitlab.com): a Push Hook with the secret token starts the pipeline, whose source fetches the pushed commit from GitLab's git with oauth2 and the token")
  void gitLabPushFetchesThePushedCommit() throws Exception {
    TestGitHost gitLab = SharedTestServers.gitLab();
    String before = gitLab.createRepository(repository, "main", "hello.txt", "hello");
    String connection = connection(ProviderType.GIT_LAB, SharedTestServers.GITLAB_TOKEN);
    String pipeline = pipeline(connection);
    String pushed = gitLab.commit(repository, "main", "Add the pushed file", "src/pushed.txt", "pushed " + suffix);
    byte[] body = ProviderPayloads.gitLabPush(repository, "refs/heads/main", before, pushed, "src/pushed.txt")
        .getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response = post(connection, Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", SECRET,
        "X-Gitlab-Event-UUID", UUID.randomUUID().toString(), "User-Agent", "GitLab/17.6.0"), body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertRanOn(pipeline, pushed);
    assertThat(gitLab.usersSeen).contains("oauth2").containsOnly("oauth2");
  }

  /** The webhook's run succeeded on {@code pushed}: its source artifact holds the pushed file, the build built it. */
  private void assertRanOn(String pipeline, String pushed) throws Exception {
    String executionId = single(pipeline, "Webhook");
    await().atMost(PATIENCE).alias(executionId + " succeeds").until(() -> queries.execution(pipeline, executionId)
        .map(PipelineExecution::status).orElse(null), "Succeeded"::equals);
    ActionExecutionDetail source = action(pipeline, executionId, "Source");
    assertThat(source.output().outputVariables()).containsEntry("CommitId", pushed)
        .containsEntry("FullRepositoryName", repository);
    assertThat(action(pipeline, executionId, "Build").output().outputVariables()).containsEntry("BUILT_COMMIT", pushed);
    ActionExecutionDetail.S3Location location = source.output().outputArtifacts().get(0).s3location();
    assertThat(zipEntries(new ArtifactLocation(location.bucket(), location.key())))
        .containsEntry("src/pushed.txt", "pushed " + suffix).containsEntry("hello.txt", "hello");
  }

  /** The one execution {@code triggerType} started. */
  private String single(String pipeline, String triggerType) {
    List<PipelineExecutionSummary> started = await().atMost(PATIENCE).until(() -> queries.executions(pipeline, null, 0,
        100).stream().filter(e -> e.trigger() != null && triggerType.equals(e.trigger().triggerType())).toList(),
        list -> !list.isEmpty());
    assertThat(started).hasSize(1);
    return started.get(0).pipelineExecutionId();
  }

  private String connection(ProviderType type, String token) throws Exception {
    String arn = connections.createConnection(r -> r.connectionName("p-" + suffix).providerType(type)).connectionArn();
    ConnectionsTestClients.complete(port, arn, token, SECRET);
    return arn;
  }

  private String pipeline(String connection) {
    String name = "public-" + suffix;
    pipelines.create(ConnectionPipelines.pipeline(name, connection, repository, "main", null, null));
    return name;
  }

  private ActionExecutionDetail action(String pipeline, String executionId, String name) {
    return queries.actionExecutions(pipeline, executionId, 0, 100).stream()
        .filter(a -> a.actionName().equals(name)).findFirst().orElseThrow();
  }

  private Map<String, String> zipEntries(ArtifactLocation location) throws Exception {
    Map<String, String> entries = new HashMap<>();
    try (InputStream in = artifacts.open(location); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        entries.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return entries;
  }

  private HttpResponse<String> post(String connectionArn, Map<String, String> headers, byte[] body) throws Exception {
    String id = connectionArn.substring(connectionArn.lastIndexOf('/') + 1);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/webhooks/connections/" + id))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 202) {
      assertThat(new ObjectMapper().readTree(response.body()).path("started")).hasSize(1);
    }
    return response;
  }
}

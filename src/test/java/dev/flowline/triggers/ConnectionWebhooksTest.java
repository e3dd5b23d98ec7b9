package dev.flowline.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowlineTest;
import dev.flowline.api.connections.ConnectionsTestClients;
import dev.flowline.connections.ConnectionPipelines;
import dev.flowline.connections.TestGitHost;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecution;
import dev.flowline.execution.PipelineExecutionSummary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codestarconnections.CodeStarConnectionsClient;
import software.amazon.awssdk.services.codestarconnections.model.ProviderType;

/**
 * Providers' webhook deliveries, signed in the test as GitHub, GitLab and Bitbucket sign them, posted to a
 * connection's receiver URL; the connection goes through a host whose endpoint is a real JGit HTTP server holding
 * the repository, so the started pipelines fetch the very commit the event names with the connection's token.
 */
@FlowlineTest
class ConnectionWebhooksTest {
  static final Duration PATIENCE = Duration.ofSeconds(90);
  static final String TOKEN = "token-" + UUID.randomUUID();
  static final String SECRET = "It's a Secret to Everybody";
  static final String ZERO = "0".repeat(40);

  @LocalServerPort int port;
  @Autowired PipelineService pipelines;
  @Autowired ExecutionQueries queries;
  @TempDir Path temp;

  TestGitHost host;
  CodeStarConnectionsClient connections;
  String suffix;
  String main0;

  @BeforeEach
  void host() throws Exception {
    host = new TestGitHost(temp, TOKEN);
    main0 = host.createRepository("octo/app", "main", "hello.txt", "hello");
    connections = ConnectionsTestClients.codeStar(port);
    suffix = UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void close() throws Exception {
    connections.close();
    host.close();
  }

  @Test
  @DisplayName("GitHub push to main, signed: the pipeline starts (Webhook) on the pushed commit; a redelivery starts nothing")
  void gitHubPushStartsThePipelineOnce() throws Exception {
    String connection = connection(ProviderType.GIT_HUB_ENTERPRISE_SERVER);
    String pipeline = pipeline(connection, null, null);
    String pushed = host.commit("octo/app", "main", "Update the app", "src/app.txt", "v2");
    byte[] body = ProviderPayloads.gitHubPush("octo/app", "refs/heads/main", main0, pushed, "src/app.txt")
        .getBytes(StandardCharsets.UTF_8);
    String delivery = UUID.randomUUID().toString();

    HttpResponse<String> first = gitHub(connection, "push", delivery, body, signature(body));
    HttpResponse<String> again = gitHub(connection, "push", delivery, body, signature(body));

    assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
    assertThat(json(first).path("started").get(0).path("pipelineName").asText()).isEqualTo(pipeline);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).path("duplicate").asBoolean()).isTrue();
    PipelineExecutionSummary started = single(pipeline, "Webhook");
    awaitStatus(pipeline, started.pipelineExecutionId(), "Succeeded");
    assertThat(outputVariables(pipeline, started.pipelineExecutionId(), "Source")).containsEntry("CommitId", pushed);
    assertThat(outputVariables(pipeline, started.pipelineExecutionId(), "Build")).containsEntry("BUILT_COMMIT", pushed);
    assertThat(queries.execution(pipeline, started.pipelineExecutionId()).orElseThrow().trigger().triggerDetail())
        .isEqualTo(connection);
  }

  @Test
  @DisplayName("unsigned and wrongly signed GitHub deliveries are 401 and start nothing; a signed malformed body is 400")
  void badDeliveries() throws Exception {
    String connection = connection(ProviderType.GIT_HUB_ENTERPRISE_SERVER);
    String pipeline = pipeline(connection, null, null);
    byte[] body = ProviderPayloads.gitHubPush("octo/app", "refs/heads/main", ZERO, main0, "hello.txt")
        .getBytes(StandardCharsets.UTF_8);

    assertThat(gitHub(connection, "push", UUID.randomUUID().toString(), body, null).statusCode()).isEqualTo(401);
    assertThat(gitHub(connection, "push", UUID.randomUUID().toString(), body,
        ProviderWebhooks.signature(body, "not the secret")).statusCode()).isEqualTo(401);
    byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("refs/heads/main", "refs/heads/mainx")
        .getBytes(StandardCharsets.UTF_8);
    assertThat(gitHub(connection, "push", UUID.randomUUID().toString(), tampered, signature(body)).statusCode())
        .isEqualTo(401);
    byte[] malformed = "{\"ref\": ".getBytes(StandardCharsets.UTF_8);
    assertThat(gitHub(connection, "push", UUID.randomUUID().toString(), malformed, signature(malformed)).statusCode())
        .isEqualTo(400);
    byte[] noRef = "{\"repository\": {\"full_name\": \"octo/app\"}}".getBytes(StandardCharsets.UTF_8);
    assertThat(gitHub(connection, "push", UUID.randomUUID().toString(), noRef, signature(noRef)).statusCode())
        .isEqualTo(400);
    assertThat(post("/webhooks/connections/" + UUID.randomUUID(), Map.of(), body).statusCode()).isEqualTo(404);

    Thread.sleep(500);
    assertThat(startedBy(pipeline, "Webhook")).isEmpty();
  }

  @Test
  @DisplayName("a push to another repository is 202 and starts nothing; a push to another branch or with DetectChanges=false neither")
  void unwatchedPushes() throws Exception {
    String connection = connection(ProviderType.GIT_HUB_ENTERPRISE_SERVER);
    String watching = pipeline(connection, null, null);
    String notDetecting = pipeline(connection, null, "false");
    String feature = host.commit("octo/app", "feature/x", "Feature", "src/f.txt", "f");

    HttpResponse<String> other = signedGitHub(connection, "push",
        ProviderPayloads.gitHubPush("octo/other", "refs/heads/main", ZERO, main0, "a"));
    HttpResponse<String> branch = signedGitHub(connection, "push",
        ProviderPayloads.gitHubPush("octo/app", "refs/heads/feature/x", ZERO, feature, "src/f.txt"));
    String pushed = host.commit("octo/app", "main", "Main", "src/m.txt", "m");
    HttpResponse<String> main = signedGitHub(connection, "push",
        ProviderPayloads.gitHubPush("octo/app", "refs/heads/main", main0, pushed, "src/m.txt"));

    assertThat(other.statusCode()).isEqualTo(202);
    assertThat(json(other).path("started")).isEmpty();
    assertThat(json(branch).path("started")).isEmpty();
    assertThat(json(main).path("started").findValuesAsText("pipelineName")).containsExactly(watching);
    assertThat(startedBy(notDetecting, "Webhook")).isEmpty();
  }

  @Test
  @DisplayName("GitHub tag push with a V2 trigger on tags v*: starts as WebhookV2 on the tagged commit; a branch push does not")
  void gitHubTagPush() throws Exception {
    String connection = connection(ProviderType.GIT_HUB_ENTERPRISE_SERVER);
    String pipeline = pipeline(connection, trigger("\"push\": [ { \"tags\": { \"includes\": [\"v*\"] } } ]"), null);
    String tagged = host.commit("octo/app", "main", "Release", "src/r.txt", "r");

    HttpResponse<String> branch = signedGitHub(connection, "push",
        ProviderPayloads.gitHubPush("octo/app", "refs/heads/main", main0, tagged, "src/r.txt"));
    HttpResponse<String> tag = signedGitHub(connection, "push",
        ProviderPayloads.gitHubTagPush("octo/app", "v1.0", "9".repeat(40), tagged));

    assertThat(json(branch).path("started")).isEmpty();
    assertThat(json(tag).path("started").findValuesAsText("triggerType")).containsExactly("WebhookV2");
    PipelineExecutionSummary started = single(pipeline, "WebhookV2");
    await().atMost(PATIENCE).until(() -> sourceCommit(pipeline, started.pipelineExecutionId()), tagged::equals);
  }

  @Test
  @DisplayName("GitHub pull request opened into main changing src/: starts on the PR head; docs-only or closed PRs do not")
  void gitHubPullRequests() throws Exception {
    String connection = connection(ProviderType.GIT_HUB_ENTERPRISE_SERVER);
    String pipeline = pipeline(connection, trigger("""
        "pullRequest": [ { "events": ["OPEN", "UPDATED"], "branches": { "includes": ["main"] },
                           "filePaths": { "includes": ["src/**"] } } ]"""), null);
    String docsOnly = host.commit("octo/app", "docs", "Docs", "docs/guide.md", "g");
    String code = host.commit("octo/app", "feature", "Code", "src/app.txt", "c");

    HttpResponse<String> docs = signedGitHub(connection, "pull_request",
        ProviderPayloads.gitHubPullRequest("octo/app", "opened", 1, "docs", docsOnly, "main", main0));
    HttpResponse<String> opened = signedGitHub(connection, "pull_request",
        ProviderPayloads.gitHubPullRequest("octo/app", "opened", 2, "feature", code, "main", main0));
    HttpResponse<String> closed = signedGitHub(connection, "pull_request",
        ProviderPayloads.gitHubPullRequest("octo/app", "closed", 2, "feature", code, "main", main0));
    HttpResponse<String> labeled = signedGitHub(connection, "pull_request",
        ProviderPayloads.gitHubPullRequest("octo/app", "labeled", 2, "feature", code, "main", main0));

    assertThat(json(docs).path("started")).as(docs.body()).isEmpty();
    assertThat(json(opened).path("started").findValuesAsText("pipelineName")).as(opened.body()).containsExactly(pipeline);
    assertThat(json(closed).path("started")).isEmpty();
    assertThat(labeled.statusCode()).isEqualTo(200);
    PipelineExecutionSummary started = single(pipeline, "WebhookV2");
    await().atMost(PATIENCE).until(() -> sourceCommit(pipeline, started.pipelineExecutionId()), code::equals);
    awaitStatus(pipeline, started.pipelineExecutionId(), "Succeeded");
    assertThat(outputVariables(pipeline, started.pipelineExecutionId(), "Source"))
        .containsEntry("CommitId", code).containsEntry("BranchName", "main")
        .containsEntry("PullRequestId", "2").containsEntry("SourceBranchName", "feature")
        .containsEntry("DestinationBranchName", "main").containsEntry("PullRequestEvent", "OPEN");
  }

  @Test
  @DisplayName("GitLab self-managed: a Push Hook with the right X-Gitlab-Token starts the pipeline; a wrong token is 401; a merge request opens a trigger")
  void gitLab() throws Exception {
    String connection = connection(ProviderType.GIT_LAB_SELF_MANAGED);
    String onPush = pipeline(connection, null, null);
    String onMergeRequest = pipeline(connection, trigger(
        "\"pullRequest\": [ { \"events\": [\"OPEN\"], \"branches\": { \"includes\": [\"main\"] } } ]"), null);
    String pushed = host.commit("octo/app", "main", "Update", "src/app.txt", "v2");
    String mr = host.commit("octo/app", "feature", "Feature", "src/f.txt", "f");
    byte[] push = ProviderPayloads.gitLabPush("octo/app", "refs/heads/main", main0, pushed, "src/app.txt")
        .getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> wrong = post(receiver(connection), Map.of("X-Gitlab-Event", "Push Hook",
        "X-Gitlab-Token", "guess", "X-Gitlab-Event-UUID", UUID.randomUUID().toString()), push);
    HttpResponse<String> right = post(receiver(connection), Map.of("X-Gitlab-Event", "Push Hook",
        "X-Gitlab-Token", SECRET, "X-Gitlab-Event-UUID", UUID.randomUUID().toString()), push);
    HttpResponse<String> opened = post(receiver(connection), Map.of("X-Gitlab-Event", "Merge Request Hook",
        "X-Gitlab-Token", SECRET, "X-Gitlab-Event-UUID", UUID.randomUUID().toString()),
        ProviderPayloads.gitLabMergeRequest("octo/app", "open", 3, "feature", "main", mr).getBytes(StandardCharsets.UTF_8));

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(json(right).path("started").findValuesAsText("pipelineName")).containsExactly(onPush);
    assertThat(json(opened).path("started").findValuesAsText("pipelineName")).containsExactly(onMergeRequest);
    PipelineExecutionSummary started = single(onPush, "Webhook");
    await().atMost(PATIENCE).until(() -> sourceCommit(onPush, started.pipelineExecutionId()), pushed::equals);
    PipelineExecutionSummary fromMr = single(onMergeRequest, "WebhookV2");
    await().atMost(PATIENCE).until(() -> sourceCommit(onMergeRequest, fromMr.pipelineExecutionId()), mr::equals);
    awaitStatus(onMergeRequest, fromMr.pipelineExecutionId(), "Succeeded");
    assertThat(outputVariables(onMergeRequest, fromMr.pipelineExecutionId(), "Source"))
        .containsEntry("PullRequestId", "3").containsEntry("SourceBranchName", "feature")
        .containsEntry("DestinationBranchName", "main");
    awaitStatus(onPush, started.pipelineExecutionId(), "Succeeded");
    assertThat(outputVariables(onPush, started.pipelineExecutionId(), "Source"))
        .doesNotContainKeys("PullRequestId", "SourceBranchName", "DestinationBranchName");
  }

  @Test
  @DisplayName("Bitbucket: a repo:push signed with X-Hub-Signature starts the pipeline watching the branch; a wrong signature is 401")
  void bitbucket() throws Exception {
    String connection = connections.createConnection(r -> r.connectionName("bb-" + suffix)
        .providerType(ProviderType.BITBUCKET)).connectionArn();
    ConnectionsTestClients.complete(port, connection, TOKEN, SECRET);
    String pipeline = pipeline(connection, null, null);
    byte[] body = ProviderPayloads.bitbucketPush("octo/app", "main", main0, "b".repeat(40)).getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> wrong = post(receiver(connection), Map.of("X-Event-Key", "repo:push",
        "X-Hub-Signature", ProviderWebhooks.signature(body, "guess"), "X-Request-UUID", UUID.randomUUID().toString()), body);
    HttpResponse<String> right = post(receiver(connection), Map.of("X-Event-Key", "repo:push",
        "X-Hub-Signature", signature(body), "X-Request-UUID", UUID.randomUUID().toString()), body);

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(right.statusCode()).isEqualTo(202);
    assertThat(json(right).path("started").findValuesAsText("pipelineName")).containsExactly(pipeline);
    assertThat(single(pipeline, "Webhook")).isNotNull();
  }

  // ---- helpers

  private String connection(ProviderType type) throws Exception {
    String hostArn = connections.createHost(r -> r.name("h-" + suffix).providerType(type).providerEndpoint(host.url()))
        .hostArn();
    String arn = connections.createConnection(r -> r.connectionName("c-" + suffix).hostArn(hostArn)).connectionArn();
    ConnectionsTestClients.complete(port, arn, TOKEN, SECRET);
    return arn;
  }

  private final List<String> created = new ArrayList<>();

  private String pipeline(String connection, String triggers, String detectChanges) {
    String name = "wh-" + suffix + "-" + created.size();
    pipelines.create(ConnectionPipelines.pipeline(name, connection, "octo/app", "main", triggers, detectChanges));
    created.add(name);
    return name;
  }

  private static String trigger(String filters) {
    return """
        [ { "providerType": "CodeStarSourceConnection",
            "gitConfiguration": { "sourceActionName": "Source", %s } } ]""".formatted(filters);
  }

  private static String signature(byte[] body) {
    return ProviderWebhooks.signature(body, SECRET);
  }

  private String receiver(String connectionArn) {
    return "/webhooks/connections/" + connectionArn.substring(connectionArn.lastIndexOf('/') + 1);
  }

  private HttpResponse<String> signedGitHub(String connection, String event, String payload) throws Exception {
    byte[] body = payload.getBytes(StandardCharsets.UTF_8);
    return gitHub(connection, event, UUID.randomUUID().toString(), body, signature(body));
  }

  private HttpResponse<String> gitHub(String connection, String event, String delivery, byte[] body, String signature)
      throws Exception {
    Map<String, String> headers = new java.util.HashMap<>(Map.of("X-GitHub-Event", event, "X-GitHub-Delivery", delivery,
        "User-Agent", "GitHub-Hookshot/044aadd", "X-GitHub-Hook-ID", "292430182"));
    if (signature != null) {
      headers.put("X-Hub-Signature-256", signature);
    }
    return post(receiver(connection), headers, body);
  }

  private HttpResponse<String> post(String path, Map<String, String> headers, byte[] body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return new ObjectMapper().readTree(response.body());
  }

  private List<PipelineExecutionSummary> startedBy(String pipeline, String triggerType) {
    return queries.executions(pipeline, null, 0, 100).stream()
        .filter(e -> e.trigger() != null && triggerType.equals(e.trigger().triggerType())).toList();
  }

  private PipelineExecutionSummary single(String pipeline, String triggerType) {
    List<PipelineExecutionSummary> started = await().atMost(PATIENCE)
        .until(() -> startedBy(pipeline, triggerType), list -> !list.isEmpty());
    assertThat(started).hasSize(1);
    return started.get(0);
  }

  private void awaitStatus(String pipeline, String executionId, String status) {
    await().atMost(PATIENCE).alias(executionId + " reaches " + status)
        .until(() -> queries.execution(pipeline, executionId).map(PipelineExecution::status).orElse(null), status::equals);
  }

  private String sourceCommit(String pipeline, String executionId) {
    return queries.actionExecutions(pipeline, executionId, 0, 100).stream()
        .filter(a -> a.actionName().equals("Source") && a.output() != null && a.output().outputVariables() != null)
        .map(a -> a.output().outputVariables().get("CommitId")).filter(c -> c != null).findFirst().orElse(null);
  }

  private Map<String, String> outputVariables(String pipeline, String executionId, String action) {
    List<ActionExecutionDetail> found = queries.actionExecutions(pipeline, executionId, 0, 100).stream()
        .filter(a -> a.actionName().equals(action)).toList();
    return found.get(0).output().outputVariables();
  }
}

package dev.flowline.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowlineTest;
import dev.flowline.api.ApiProperties;
import dev.flowline.api.connections.ConnectionsTestClients;
import dev.flowline.connections.ConnectionPipelines;
import dev.flowline.connections.TestGitHost;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecution;
import dev.flowline.execution.PipelineExecutionSummary;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
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
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.WebhookAuthenticationType;
import software.amazon.awssdk.services.codepipeline.model.WebhookFilterRule;
import software.amazon.awssdk.services.codestarconnections.CodeStarConnectionsClient;
import software.amazon.awssdk.services.codestarconnections.model.ProviderType;

/**
 * GitHub's second webhook content type, {@code application/x-www-form-urlencoded}: the body is
 * {@code payload=<the JSON, form-encoded>} and {@code X-Hub-Signature-256} is the HMAC of that body as sent. Posted
 * over HTTP to a connection's receiver and to a V1 webhook's URL, encoded as GitHub encodes it (spaces as
 * {@code +}, everything else percent-escaped) and signed in the test as GitHub signs.
 */
@FlowlineTest
class FormEncodedWebhooksTest {
  static final Duration PATIENCE = Duration.ofSeconds(90);
  static final String TOKEN = "token-" + UUID.randomUUID();
  /** The secret of GitHub's documented example ("Validating webhook deliveries"). */
  static final String SECRET = "It's a Secret to Everybody";
  static final String FORM = "application/x-www-form-urlencoded";

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
  @DisplayName("the signature the tests compute is GitHub's: its documented example body and secret give its documented digest")
  void signatureIsGitHubs() {
    assertThat(ProviderWebhooks.signature("Hello, World!".getBytes(StandardCharsets.UTF_8), SECRET))
        .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  }

  @Test
  @DisplayName("a form-encoded GitHub push signed over the encoded body starts the pipeline on the pushed commit, which is fetched and built")
  void formEncodedPushStartsThePipeline() throws Exception {
    String connection = connection();
    String pipeline = pipeline(connection, null);
    String pushed = host.commit("octo/app", "main", "Update the app", "src/app.txt", "v2");
    byte[] form = form(ProviderPayloads.gitHubPush("octo/app", "refs/heads/main", main0, pushed, "src/app.txt"));

    HttpResponse<String> response = post(receiver(connection), gitHub("push", sign(form)), form);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(new ObjectMapper().readTree(response.body()).path("started").findValuesAsText("pipelineName"))
        .containsExactly(pipeline);
    PipelineExecutionSummary started = single(pipeline, "Webhook");
    await().atMost(PATIENCE).until(() -> queries.execution(pipeline, started.pipelineExecutionId())
        .map(PipelineExecution::status).orElse(null), "Succeeded"::equals);
    assertThat(sourceCommit(pipeline, started.pipelineExecutionId())).isEqualTo(pushed);
  }

  @Test
  @DisplayName("a form-encoded GitHub pull_request opened into main starts the V2 pull-request trigger on the PR head")
  void formEncodedPullRequestStartsTheTrigger() throws Exception {
    String connection = connection();
    String pipeline = pipeline(connection, """
        [ { "providerType": "CodeStarSourceConnection",
            "gitConfiguration": { "sourceActionName": "Source",
              "pullRequest": [ { "events": ["OPEN"], "branches": { "includes": ["main"] } } ] } } ]""");
    String head = host.commit("octo/app", "feature", "A feature", "src/f.txt", "f");
    byte[] form = form(ProviderPayloads.gitHubPullRequest("octo/app", "opened", 7, "feature", head, "main", main0));

    HttpResponse<String> response = post(receiver(connection), gitHub("pull_request", sign(form)), form);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    PipelineExecutionSummary started = single(pipeline, "WebhookV2");
    await().atMost(PATIENCE).until(() -> sourceCommit(pipeline, started.pipelineExecutionId()), head::equals);
  }

  @Test
  @DisplayName("form-encoded deliveries: signed over the decoded JSON is 401; no payload field, bad %-escapes or a payload that is not JSON are 400; nothing starts")
  void badFormDeliveries() throws Exception {
    String connection = connection();
    String pipeline = pipeline(connection, null);
    String json = ProviderPayloads.gitHubPush("octo/app", "refs/heads/main", main0, main0, "hello.txt");
    byte[] form = form(json);
    byte[] noPayload = ("ref=" + URLEncoder.encode("refs/heads/main", StandardCharsets.UTF_8))
        .getBytes(StandardCharsets.UTF_8);
    byte[] badEscape = "payload=%7B%ZZ%7D".getBytes(StandardCharsets.UTF_8);
    byte[] notJson = "payload=hello+world".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> signedDecoded = post(receiver(connection),
        gitHub("push", sign(json.getBytes(StandardCharsets.UTF_8))), form);
    HttpResponse<String> unsigned = post(receiver(connection), gitHub("push", null), form);
    HttpResponse<String> missing = post(receiver(connection), gitHub("push", sign(noPayload)), noPayload);
    HttpResponse<String> escape = post(receiver(connection), gitHub("push", sign(badEscape)), badEscape);
    HttpResponse<String> text = post(receiver(connection), gitHub("push", sign(notJson)), notJson);

    assertThat(signedDecoded.statusCode()).isEqualTo(401);
    assertThat(unsigned.statusCode()).isEqualTo(401);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("payload");
    assertThat(escape.statusCode()).isEqualTo(400);
    assertThat(text.statusCode()).isEqualTo(400);
    Thread.sleep(500);
    assertThat(startedBy(pipeline, "Webhook")).isEmpty();
  }

  @Test
  @DisplayName("a V1 webhook (GITHUB_HMAC, $.ref filter) reads a form-encoded push: signed raw body starts it; signed decoded JSON is 401; no payload is 400")
  void v1WebhookReadsForms() throws Exception {
    String pipeline = pipeline("arn:aws:codestar-connections:us-east-1:123456789012:connection/"
        + "00000000-0000-4000-8000-000000000000", null);
    String secret = "v1-" + UUID.randomUUID();
    String url;
    try (CodePipelineClient codePipeline = codePipeline()) {
      url = codePipeline.putWebhook(r -> r.webhook(w -> w.name("form-" + suffix).targetPipeline(pipeline)
          .targetAction("Source").authentication(WebhookAuthenticationType.GITHUB_HMAC)
          .authenticationConfiguration(c -> c.secretToken(secret))
          .filters(WebhookFilterRule.builder().jsonPath("$.ref").matchEquals("refs/heads/{BranchName}").build())))
          .webhook().url();
    }
    String json = ProviderPayloads.gitHubPush("octo/app", "refs/heads/main", main0, "a".repeat(40), "a.txt");
    byte[] main = form(json);
    byte[] other = form(ProviderPayloads.gitHubPush("octo/app", "refs/heads/dev", main0, "a".repeat(40), "a.txt"));
    byte[] noPayload = "zen=Design+for+failure.".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> decodedSigned = post(url, gitHub("push",
        ProviderWebhooks.signature(json.getBytes(StandardCharsets.UTF_8), secret)), main);
    HttpResponse<String> missing = post(url, gitHub("push", ProviderWebhooks.signature(noPayload, secret)), noPayload);
    HttpResponse<String> dev = post(url, gitHub("push", ProviderWebhooks.signature(other, secret)), other);
    assertThat(startedBy(pipeline, "Webhook")).isEmpty();
    HttpResponse<String> started = post(url, gitHub("push", ProviderWebhooks.signature(main, secret)), main);

    assertThat(decodedSigned.statusCode()).isEqualTo(401);
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(dev.statusCode()).as(dev.body()).isEqualTo(200);
    assertThat(dev.body()).contains("ignored");
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    assertThat(single(pipeline, "Webhook").pipelineExecutionId())
        .isEqualTo(new ObjectMapper().readTree(started.body()).path("pipelineExecutionId").asText());
  }

  // ---- helpers

  /** As GitHub sends a form-encoded delivery: {@code payload=} and the JSON, encoded as HTML forms encode. */
  private static byte[] form(String json) {
    return ("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
  }

  private static String sign(byte[] body) {
    return ProviderWebhooks.signature(body, SECRET);
  }

  private static Map<String, String> gitHub(String event, String signature) {
    Map<String, String> headers = new HashMap<>(Map.of("X-GitHub-Event", event,
        "X-GitHub-Delivery", UUID.randomUUID().toString(), "User-Agent", "GitHub-Hookshot/044aadd",
        "X-GitHub-Hook-ID", "292430182"));
    if (signature != null) {
      headers.put("X-Hub-Signature-256", signature);
    }
    return headers;
  }

  private String connection() throws Exception {
    String hostArn = connections.createHost(r -> r.name("f-" + suffix).providerType(
        ProviderType.GIT_HUB_ENTERPRISE_SERVER).providerEndpoint(host.url())).hostArn();
    String arn = connections.createConnection(r -> r.connectionName("f-" + suffix).hostArn(hostArn)).connectionArn();
    ConnectionsTestClients.complete(port, arn, TOKEN, SECRET);
    return arn;
  }

  private String pipeline(String connection, String triggers) {
    String name = "form-" + suffix;
    pipelines.create(ConnectionPipelines.pipeline(name, connection, "octo/app", "main", triggers, null));
    return name;
  }

  private CodePipelineClient codePipeline() {
    return CodePipelineClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            ApiProperties.DEFAULT_ACCESS_KEY_ID, ApiProperties.DEFAULT_SECRET_ACCESS_KEY))).build();
  }

  private String receiver(String connectionArn) {
    return "http://127.0.0.1:" + port + "/webhooks/connections/"
        + connectionArn.substring(connectionArn.lastIndexOf('/') + 1);
  }

  private static HttpResponse<String> post(String url, Map<String, String> headers, byte[] body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", FORM)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
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

  private String sourceCommit(String pipeline, String executionId) {
    return queries.actionExecutions(pipeline, executionId, 0, 100).stream()
        .filter(a -> a.actionName().equals("Source") && a.output() != null && a.output().outputVariables() != null)
        .map(a -> a.output().outputVariables().get("CommitId")).filter(c -> c != null).findFirst().orElse(null);
  }
}

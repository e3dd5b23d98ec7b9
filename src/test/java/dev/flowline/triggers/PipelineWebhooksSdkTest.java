package dev.flowline.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import dev.flowline.api.ApiProperties;
import dev.flowline.connections.ConnectionPipelines;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecutionSummary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.CodePipelineException;
import software.amazon.awssdk.services.codepipeline.model.InvalidWebhookAuthenticationParametersException;
import software.amazon.awssdk.services.codepipeline.model.InvalidWebhookFilterPatternException;
import software.amazon.awssdk.services.codepipeline.model.ListWebhookItem;
import software.amazon.awssdk.services.codepipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.WebhookAuthenticationType;
import software.amazon.awssdk.services.codepipeline.model.WebhookDefinition;
import software.amazon.awssdk.services.codepipeline.model.WebhookFilterRule;

/** V1 webhooks: PutWebhook/ListWebhooks/DeleteWebhook through SDK v2, and POSTs to the URL they answer. */
@FlowlineTest
class PipelineWebhooksSdkTest {
  static final String SECRET = "v1-secret-" + UUID.randomUUID();
  static final Duration PATIENCE = Duration.ofSeconds(30);

  @LocalServerPort int port;
  @Autowired PipelineService pipelines;
  @Autowired ExecutionQueries queries;

  CodePipelineClient codePipeline;
  String pipeline;
  String name;

  @BeforeEach
  void pipeline() {
    codePipeline = CodePipelineClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            ApiProperties.DEFAULT_ACCESS_KEY_ID, ApiProperties.DEFAULT_SECRET_ACCESS_KEY))).build();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    pipeline = "v1-" + suffix;
    name = "hook-" + suffix;
    pipelines.create(ConnectionPipelines.pipeline(pipeline,
        "arn:aws:codestar-connections:us-east-1:123456789012:connection/00000000-0000-4000-8000-000000000000",
        "octo/app", "main", null, "false"));
  }

  @AfterEach
  void close() {
    codePipeline.close();
  }

  @Test
  @DisplayName("GITHUB_HMAC with $.ref = refs/heads/{BranchName}: a signed push to main starts the pipeline once; other branches, unsigned or redelivered do not")
  void gitHubHmac() throws Exception {
    ListWebhookItem created = codePipeline.putWebhook(r -> r.webhook(definition(WebhookAuthenticationType.GITHUB_HMAC,
        Map.of("SecretToken", SECRET))).tags(t -> t.key("team").value("a"))).webhook();
    String url = created.url();
    String main = "{\"ref\": \"refs/heads/main\", \"after\": \"" + "a".repeat(40) + "\"}";
    String dev = "{\"ref\": \"refs/heads/dev\"}";
    String delivery = UUID.randomUUID().toString();

    assertThat(url).matches("http://127\\.0\\.0\\.1:" + port + "/webhooks/pipeline/[0-9a-f]{40}");
    assertThat(created.arn()).isEqualTo("arn:aws:codepipeline:us-east-1:123456789012:webhook:" + name);
    assertThat(post(url, dev, Map.of("X-Hub-Signature-256", sha256(dev), "X-GitHub-Delivery", "d1")).statusCode())
        .isEqualTo(200);
    assertThat(post(url, main, Map.of()).statusCode()).isEqualTo(401);
    assertThat(post(url, main, Map.of("X-Hub-Signature-256", sha256(main + " "))).statusCode()).isEqualTo(401);
    HttpResponse<String> started = post(url, main, Map.of("X-Hub-Signature-256", sha256(main), "X-GitHub-Delivery", delivery));
    HttpResponse<String> again = post(url, main, Map.of("X-Hub-Signature-256", sha256(main), "X-GitHub-Delivery", delivery));
    HttpResponse<String> sha1 = post(url, main, Map.of("X-Hub-Signature", "sha1=" + hmac("HmacSHA1", main)));

    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    assertThat(again.body()).contains("duplicate");
    assertThat(sha1.statusCode()).isEqualTo(202);
    List<PipelineExecutionSummary> webhookRuns = await().atMost(PATIENCE).until(() -> startedByWebhook(), l -> l.size() == 2);
    assertThat(webhookRuns).allSatisfy(e -> assertThat(e.trigger().triggerDetail()).isEqualTo(created.arn()));
    ListWebhookItem listed = codePipeline.listWebhooks(r -> { }).webhooks().stream()
        .filter(w -> w.definition().name().equals(name)).findFirst().orElseThrow();
    assertThat(listed.definition().authenticationConfiguration().secretToken()).isNull();
    assertThat(listed.url()).isEqualTo(url);
    assertThat(listed.lastTriggered()).isNotNull();
    assertThat(listed.tags()).singleElement().satisfies(t -> assertThat(t.key()).isEqualTo("team"));
  }

  @Test
  @DisplayName("IP authentication admits callers in AllowedIPRange only; UNAUTHENTICATED anyone; DeleteWebhook makes the URL 404")
  void ipAndDelete() throws Exception {
    String inside = codePipeline.putWebhook(r -> r.webhook(definition(WebhookAuthenticationType.IP,
        Map.of("AllowedIPRange", "127.0.0.0/8")))).webhook().url();
    String body = "{\"ref\": \"refs/heads/main\"}";
    assertThat(post(inside, body, Map.of()).statusCode()).isEqualTo(202);

    String outside = codePipeline.putWebhook(r -> r.webhook(definition(WebhookAuthenticationType.IP,
        Map.of("AllowedIPRange", "10.0.0.0/8")))).webhook().url();
    assertThat(outside).as("PutWebhook of the same name keeps its URL").isEqualTo(inside);
    assertThat(post(outside, body, Map.of()).statusCode()).isEqualTo(401);
    assertThat(post(outside, "not json", Map.of()).statusCode()).isEqualTo(401);

    codePipeline.putWebhook(r -> r.webhook(definition(WebhookAuthenticationType.UNAUTHENTICATED, Map.of())));
    assertThat(post(inside, "not json", Map.of()).statusCode()).isEqualTo(400);
    codePipeline.deleteWebhook(r -> r.name(name));
    assertThat(post(inside, body, Map.of()).statusCode()).isEqualTo(404);
    codePipeline.deleteWebhook(r -> r.name(name));
  }

  @Test
  @DisplayName("bad PutWebhook input is refused under AWS's names and stores nothing")
  void badInput() {
    assertThatThrownBy(() -> codePipeline.putWebhook(r -> r.webhook(definition(WebhookAuthenticationType.GITHUB_HMAC,
        Map.of())))).isInstanceOf(InvalidWebhookAuthenticationParametersException.class);
    assertThatThrownBy(() -> codePipeline.putWebhook(r -> r.webhook(definition(WebhookAuthenticationType.IP,
        Map.of("AllowedIPRange", "everywhere"))))).isInstanceOf(InvalidWebhookAuthenticationParametersException.class);
    assertThatThrownBy(() -> codePipeline.putWebhook(r -> r.webhook(definition(WebhookAuthenticationType.UNAUTHENTICATED,
        Map.of()).toBuilder().filters(WebhookFilterRule.builder().jsonPath("$.[[").build()).build())))
        .isInstanceOf(InvalidWebhookFilterPatternException.class);
    assertThatThrownBy(() -> codePipeline.putWebhook(r -> r.webhook(definition(WebhookAuthenticationType.UNAUTHENTICATED,
        Map.of()).toBuilder().targetPipeline("no-such-pipeline").build()))).isInstanceOf(PipelineNotFoundException.class);
    assertThatThrownBy(() -> codePipeline.putWebhook(r -> r.webhook(definition(WebhookAuthenticationType.UNAUTHENTICATED,
        Map.of()).toBuilder().targetAction("NoSuchAction").build())))
        .isInstanceOfSatisfying(CodePipelineException.class, e -> assertThat(e.getMessage()).contains("NoSuchAction"));
    assertThat(codePipeline.listWebhooks(r -> { }).webhooks()).noneMatch(w -> w.definition().name().equals(name));
  }

  @Test
  @DisplayName("a caller cannot forge a pull request's details: StartPipelineExecution refuses Flowline's internal revision types")
  void pullRequestDetailsCannotBeForged() {
    assertThatThrownBy(() -> codePipeline.startPipelineExecution(r -> r.name(pipeline).sourceRevisions(s -> s
        .actionName("Source").revisionType("FLOWLINE_PULL_REQUEST_SOURCE_BRANCH").revisionValue("main"))))
        .isInstanceOfSatisfying(CodePipelineException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
        });
    assertThat(queries.executions(pipeline, null, 0, 100)).noneMatch(e -> e.trigger() != null
        && "StartPipelineExecution".equals(e.trigger().triggerType()));
  }

  private WebhookDefinition definition(WebhookAuthenticationType type, Map<String, String> configuration) {
    return WebhookDefinition.builder().name(name).targetPipeline(pipeline).targetAction("Source")
        .filters(WebhookFilterRule.builder().jsonPath("$.ref").matchEquals("refs/heads/{BranchName}").build())
        .authentication(type)
        .authenticationConfiguration(c -> c.secretToken(configuration.get("SecretToken"))
            .allowedIPRange(configuration.get("AllowedIPRange")))
        .build();
  }

  private List<PipelineExecutionSummary> startedByWebhook() {
    return queries.executions(pipeline, null, 0, 100).stream()
        .filter(e -> e.trigger() != null && "Webhook".equals(e.trigger().triggerType())).toList();
  }

  private static HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String sha256(String body) throws Exception {
    return "sha256=" + hmac("HmacSHA256", body);
  }

  private static String hmac(String algorithm, String body) throws Exception {
    Mac mac = Mac.getInstance(algorithm);
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), algorithm));
    return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}

package dev.flowline.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flowline.FlowlineTest;
import dev.flowline.SharedTestServers;
import dev.flowline.api.ApiProperties;
import dev.flowline.engine.PipelineService;
import dev.flowline.pipeline.PipelineCodec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
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
import software.amazon.awssdk.services.codepipeline.model.WebhookAuthenticationType;
import software.amazon.awssdk.services.codepipeline.model.WebhookNotFoundException;

/**
 * RegisterWebhookWithThirdParty / DeregisterWebhookWithThirdParty through SDK v2, against a GitHub REST API double
 * on a local port ({@code flowline.github.api-url}) that answers as GitHub documents its repository-webhook
 * endpoints: Bearer token, 201 with the hook (secret shown as ********), 422 "Hook already exists", 200 list,
 * 204 delete, 401 "Bad credentials", 404 "Not Found".
 */
@FlowlineTest
class GitHubWebhookRegistrationTest {
  static final String TOKEN = "ghp_" + UUID.randomUUID().toString().replace("-", "");
  static final String SECRET = "v1-secret-" + UUID.randomUUID();
  static final GitHubApiDouble GITHUB = GitHubApiDouble.start();

  @LocalServerPort int port;
  @Autowired PipelineService pipelines;
  CodePipelineClient codePipeline;
  String suffix;

  @BeforeEach
  void client() {
    codePipeline = CodePipelineClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            ApiProperties.DEFAULT_ACCESS_KEY_ID, ApiProperties.DEFAULT_SECRET_ACCESS_KEY))).build();
    suffix = UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void close() {
    codePipeline.close();
  }

  @Test
  @DisplayName("register creates one push hook with the webhook's URL and secret (again: still one); deregister deletes it; the webhook stays")
  void registerAndDeregister() {
    String repo = "app-" + suffix;
    String name = webhook(repo, TOKEN);
    String url = codePipeline.listWebhooks(r -> { }).webhooks().stream()
        .filter(w -> w.definition().name().equals(name)).findFirst().orElseThrow().url();

    codePipeline.registerWebhookWithThirdParty(r -> r.webhookName(name));
    codePipeline.registerWebhookWithThirdParty(r -> r.webhookName(name));

    List<JsonNode> hooks = GITHUB.hooks("octo/" + repo);
    assertThat(hooks).singleElement().satisfies(hook -> {
      assertThat(hook.path("config").path("url").asText()).isEqualTo(url);
      assertThat(hook.path("config").path("content_type").asText()).isEqualTo("json");
      assertThat(hook.path("events").get(0).asText()).isEqualTo("push");
      assertThat(hook.path("active").asBoolean()).isTrue();
    });
    assertThat(GITHUB.secrets.get("octo/" + repo)).isEqualTo(SECRET);

    codePipeline.deregisterWebhookWithThirdParty(r -> r.webhookName(name));
    assertThat(GITHUB.hooks("octo/" + repo)).isEmpty();
    codePipeline.deregisterWebhookWithThirdParty(r -> r.webhookName(name));
    assertThat(codePipeline.listWebhooks(r -> { }).webhooks()).anyMatch(w -> w.definition().name().equals(name));
  }

  @Test
  @DisplayName("an unknown webhook is WebhookNotFoundException; a token GitHub refuses or a missing repository is a 400 naming GitHub's answer, never the token")
  void refusals() {
    assertThatThrownBy(() -> codePipeline.registerWebhookWithThirdParty(r -> r.webhookName("no-such-" + suffix)))
        .isInstanceOf(WebhookNotFoundException.class);
    String badToken = "ghp_bad" + suffix;
    String refused = webhook("app-" + suffix, badToken);
    assertThatThrownBy(() -> codePipeline.registerWebhookWithThirdParty(r -> r.webhookName(refused)))
        .isInstanceOfSatisfying(CodePipelineException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorMessage()).contains("401").contains("Bad credentials")
              .doesNotContain(badToken);
        });
    String missing = webhook("gone-" + suffix, TOKEN);
    GITHUB.missing.add("octo/gone-" + suffix);
    assertThatThrownBy(() -> codePipeline.registerWebhookWithThirdParty(r -> r.webhookName(missing)))
        .isInstanceOfSatisfying(CodePipelineException.class, e ->
            assertThat(e.awsErrorDetails().errorMessage()).contains("404").contains("Not Found"));
    assertThat(GITHUB.hooks("octo/app-" + suffix)).isEmpty();
  }

  /** A pipeline reading octo/{repo} with the GitHub v1 source and a GITHUB_HMAC webhook targeting it. */
  private String webhook(String repo, String token) {
    String pipeline = "reg-" + repo + "-" + UUID.randomUUID().toString().substring(0, 4);
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
                  "configuration": { "Owner": "octo", "Repo": "%s", "Branch": "main", "OAuthToken": "%s",
                                     "PollForSourceChanges": "false" },
                  "outputArtifacts": [ { "name": "SourceOutput" } ] } ] },
              { "name": "Approve", "actions": [ {
                  "name": "Approve",
                  "actionTypeId": { "category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1" } } ] }
            ]
          }
        }
        """.formatted(pipeline, repo, token)));
    String name = "hook-" + pipeline;
    codePipeline.putWebhook(r -> r.webhook(w -> w.name(name).targetPipeline(pipeline).targetAction("Checkout")
        .filters(f -> f.jsonPath("$.ref").matchEquals("refs/heads/{Branch}"))
        .authentication(WebhookAuthenticationType.GITHUB_HMAC)
        .authenticationConfiguration(c -> c.secretToken(SECRET))));
    return name;
  }

  /** GitHub's repository-webhook endpoints under {@code /api/v3} (a GitHub Enterprise Server's API base). */
  static final class GitHubApiDouble {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern HOOKS = Pattern.compile("/api/v3/repos/([^/]+)/([^/]+)/hooks(?:/(\\d+))?");
    final HttpServer server;
    final Map<String, List<ObjectNode>> hooksByRepo = new ConcurrentHashMap<>();
    final Map<String, String> secrets = new ConcurrentHashMap<>();
    final List<String> missing = new CopyOnWriteArrayList<>();
    final AtomicLong ids = new AtomicLong(1000);

    private GitHubApiDouble(HttpServer server) {
      this.server = server;
    }

    /** On the shared context's GitHub API server ({@link SharedTestServers#gitHubApi()}). */
    static GitHubApiDouble start() {
      HttpServer server = SharedTestServers.gitHubApi();
      GitHubApiDouble github = new GitHubApiDouble(server);
      server.createContext("/", github::handle);
      return github;
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<JsonNode> hooks(String repository) {
      return List.copyOf(hooksByRepo.getOrDefault(repository, List.of()));
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        Matcher path = HOOKS.matcher(exchange.getRequestURI().getPath());
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
          send(exchange, 401, "{\"message\":\"Bad credentials\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"401\"}");
          return;
        }
        if (!path.matches() || missing.contains(path.group(1) + "/" + path.group(2))) {
          send(exchange, 404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest/repos/webhooks\",\"status\":\"404\"}");
          return;
        }
        String repository = path.group(1) + "/" + path.group(2);
        List<ObjectNode> hooks = hooksByRepo.computeIfAbsent(repository, k -> new CopyOnWriteArrayList<>());
        switch (exchange.getRequestMethod() + (path.group(3) == null ? "" : " id")) {
          case "POST" -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            String url = body.path("config").path("url").asText();
            if (hooks.stream().anyMatch(h -> h.path("config").path("url").asText().equals(url))) {
              send(exchange, 422, "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Hook\",\"code\":\"custom\","
                  + "\"message\":\"Hook already exists on this repository\"}],\"documentation_url\":"
                  + "\"https://docs.github.com/rest/repos/webhooks#create-a-repository-webhook\",\"status\":\"422\"}");
              return;
            }
            long id = ids.incrementAndGet();
            ObjectNode hook = JSON.createObjectNode().put("type", "Repository").put("id", id).put("name", "web")
                .put("active", body.path("active").asBoolean(true));
            hook.set("events", body.path("events").isArray() ? body.path("events") : JSON.createArrayNode().add("push"));
            ObjectNode config = hook.putObject("config").put("content_type", body.path("config").path("content_type").asText("form"))
                .put("insecure_ssl", body.path("config").path("insecure_ssl").asText("0")).put("url", url);
            if (body.path("config").has("secret")) {
              secrets.put(repository, body.path("config").path("secret").asText());
              config.put("secret", "********");
            }
            hook.put("url", url() + "/api/v3/repos/" + repository + "/hooks/" + id);
            hooks.add(hook);
            send(exchange, 201, hook.toString());
          }
          case "GET" -> {
            ArrayNode list = JSON.createArrayNode();
            hooks.forEach(list::add);
            send(exchange, 200, list.toString());
          }
          case "DELETE id" -> {
            long id = Long.parseLong(path.group(3));
            boolean removed = hooks.removeIf(h -> h.path("id").asLong() == id);
            if (removed) {
              exchange.sendResponseHeaders(204, -1);
            } else {
              send(exchange, 404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}");
            }
          }
          default -> send(exchange, 404, "{\"message\":\"Not Found\",\"documentation_url\":\"https://docs.github.com/rest\",\"status\":\"404\"}");
        }
      }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }
}

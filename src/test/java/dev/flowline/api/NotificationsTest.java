package dev.flowline.api;

import static dev.flowline.api.SdkPipelines.APPROVAL_ACTION;
import static dev.flowline.api.SdkPipelines.APPROVAL_STAGE;
import static dev.flowline.api.SdkPipelines.sourceThenApproval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.flowline.execution.notify.NotificationDeliveries;
import dev.flowline.execution.notify.NotificationDispatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import dev.flowline.FlowlineTest;
import dev.flowline.SharedTestServers;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ApprovalStatus;

/**
 * Issue #16, notifications: rules send CodePipeline's EventBridge event JSON, signed with HMAC-SHA256, and a
 * Slack-style text to a real local HTTP server; a target that keeps failing is retried with backoff and then given
 * up, and the pipeline goes on regardless. The rules and their targets are the shared context's
 * ({@link SharedTestServers}): they match only pipelines named {@code notifications-*}.
 */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotificationsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(40);
  private static final String SECRET = SharedTestServers.NOTIFICATION_SECRET;
  private static final HttpServer SERVER;
  private static final List<Received> HOOK = new CopyOnWriteArrayList<>();
  private static final List<String> SLACK = new CopyOnWriteArrayList<>();
  private static final AtomicInteger BROKEN = new AtomicInteger();

  record Received(String body, String signature, String event) {}

  static {
    SERVER = SharedTestServers.notificationTargets();
    SERVER.createContext("/hook", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      HOOK.add(new Received(body, exchange.getRequestHeaders().getFirst("X-Flowline-Signature"),
          exchange.getRequestHeaders().getFirst("X-Flowline-Event")));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    SERVER.createContext("/slack", exchange -> {
      SLACK.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    SERVER.createContext("/broken", exchange -> {
      exchange.getRequestBody().readAllBytes();
      BROKEN.incrementAndGet();
      exchange.sendResponseHeaders(503, -1);
      exchange.close();
    });
  }

  @LocalServerPort
  int port;

  @Autowired
  NotificationDeliveries deliveries;

  CodePipelineClient client;

  @BeforeAll
  void connect() {
    ApiTestData.putSourceObject();
    client = ApiClients.codePipeline(port);
  }

  @AfterAll
  void close() {
    client.close();
  }

  @Test
  @DisplayName("a matching rule receives CodePipeline's signed EventBridge events; Slack gets text; a failing target "
      + "is tried max-attempts times and given up while the pipeline runs on to its approval and then succeeds")
  void deliversSignedEventsAndGivesUpOnAFailingTarget() throws Exception {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("notifications-a")));
    String id = client.listPipelineExecutions(r -> r.pipelineName("notifications-a")).pipelineExecutionSummaries().get(0)
        .pipelineExecutionId();

    await().atMost(PATIENCE).until(() -> HOOK.stream().anyMatch(h -> "approval-needed".equals(h.event())));
    for (Received hook : HOOK) {
      assertThat(hook.signature()).isEqualTo("sha256=" + NotificationDispatcher.sign(SECRET, hook.body()));
    }
    JsonNode started = event("execution-started");
    assertThat(started.path("detail-type").asText()).isEqualTo("CodePipeline Pipeline Execution State Change");
    assertThat(started.path("source").asText()).isEqualTo("aws.codepipeline");
    assertThat(started.path("resources").get(0).asText()).endsWith(":notifications-a");
    assertThat(started.path("detail").path("pipeline").asText()).isEqualTo("notifications-a");
    assertThat(started.path("detail").path("execution-id").asText()).isEqualTo(id);
    assertThat(started.path("detail").path("state").asText()).isEqualTo("STARTED");
    assertThat(started.path("detail").path("version").asInt()).isEqualTo(1);
    JsonNode approval = event("approval-needed");
    assertThat(approval.path("detail-type").asText()).isEqualTo("CodePipeline Action Execution State Change");
    assertThat(approval.path("detail").path("stage").asText()).isEqualTo(APPROVAL_STAGE);
    assertThat(approval.path("detail").path("action").asText()).isEqualTo(APPROVAL_ACTION);
    assertThat(approval.path("detail").path("type").path("category").asText()).isEqualTo("Approval");
    assertThat(approval.path("detail").path("type").path("provider").asText()).isEqualTo("Manual");
    assertThat(HOOK).filteredOn(h -> "stage-state-change".equals(h.event()))
        .extracting(h -> JSON.readTree(h.body()).path("detail").path("stage").asText() + " "
            + JSON.readTree(h.body()).path("detail").path("state").asText())
        .contains("Source STARTED", "Source SUCCEEDED", "Approve STARTED");
    await().atMost(PATIENCE).until(() -> !SLACK.isEmpty());
    assertThat(JSON.readTree(SLACK.get(0)).path("text").asText())
        .contains("Approval needed", "notifications-a", APPROVAL_STAGE, id);

    await().atMost(PATIENCE).untilAsserted(() -> assertThat(deliveries.recent("notifications-a", 100))
        .filteredOn(d -> d.url().endsWith("/broken")).singleElement()
        .satisfies(d -> {
          assertThat(d.status()).isEqualTo("GaveUp");
          assertThat(d.attempts()).isEqualTo(3);
          assertThat(d.lastHttpStatus()).isEqualTo(503);
        }));
    assertThat(BROKEN.get()).isEqualTo(3);
    assertThat(deliveries.recent("notifications-a", 100)).filteredOn(d -> d.url().endsWith("/hook"))
        .allSatisfy(d -> assertThat(d.status()).isEqualTo("Delivered"));
    assertThat(client.getPipelineExecution(r -> r.pipelineName("notifications-a").pipelineExecutionId(id))
        .pipelineExecution().statusAsString()).isEqualTo("InProgress");
    assertThat(client.getPipelineState(r -> r.name("notifications-a")).stageStates().get(1).actionStates().get(0)
        .latestExecution().statusAsString()).isEqualTo("InProgress");

    String token = client.getPipelineState(r -> r.name("notifications-a")).stageStates().get(1).actionStates().get(0)
        .latestExecution().token();
    client.putApprovalResult(r -> r.pipelineName("notifications-a").stageName(APPROVAL_STAGE).actionName(APPROVAL_ACTION)
        .token(token).result(a -> a.status(ApprovalStatus.APPROVED).summary("ok")));
    await().atMost(PATIENCE).until(() -> HOOK.stream().anyMatch(h -> "execution-succeeded".equals(h.event())));
    JsonNode succeeded = event("execution-succeeded");
    assertThat(succeeded.path("detail").path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(succeeded.path("detail").path("execution-id").asText()).isEqualTo(id);
    assertThat(HOOK).filteredOn(h -> "stage-state-change".equals(h.event()))
        .extracting(h -> JSON.readTree(h.body()).path("detail").path("stage").asText() + " "
            + JSON.readTree(h.body()).path("detail").path("state").asText())
        .contains("Approve SUCCEEDED");
    assertThat(HOOK).allSatisfy(h ->
        assertThat(h.signature()).isEqualTo("sha256=" + NotificationDispatcher.sign(SECRET, h.body())));
  }

  private static JsonNode event(String type) throws IOException {
    Received received = HOOK.stream().filter(h -> type.equals(h.event())).findFirst().orElseThrow();
    return JSON.readTree(received.body());
  }
}

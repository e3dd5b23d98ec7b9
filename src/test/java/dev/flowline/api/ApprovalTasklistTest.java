package dev.flowline.api;

import static dev.flowline.api.SdkPipelines.APPROVAL_ACTION;
import static dev.flowline.api.SdkPipelines.APPROVAL_STAGE;
import static dev.flowline.api.SdkPipelines.SOURCE_STAGE;
import static dev.flowline.api.SdkPipelines.sourceThenApproval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowlineTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;

/**
 * Issue #16, "Tasklist and Cockpit made clear": the approval's Tasklist form over /engine-rest (as Tasklist reads
 * and submits it) has a required Approve / Reject decision, the task's name says pipeline, stage and execution,
 * and the process instance carries readable pipeline variables for Cockpit.
 */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalTasklistTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort
  int port;

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
  @DisplayName("the approval form's decision is required: submitting without one is refused and changes nothing; "
      + "Reject fails the action, Approve succeeds it")
  void decisionIsExplicitAndRequired() throws Exception {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("tasklist-decision")));
    String first = latestExecution("tasklist-decision");
    JsonNode task = awaitTask(first);

    assertThat(task.get("name").asText())
        .isEqualTo("Approve tasklist-decision · " + APPROVAL_STAGE + " / " + APPROVAL_ACTION + " · execution " + first);
    JsonNode form = engine("GET", "/task/" + task.get("id").asText() + "/form-variables", null).body;
    assertThat(form.has("decision")).isTrue();
    assertThat(form.path("decision").path("value").isNull()).isTrue();

    Reply missing = engine("POST", "/task/" + task.get("id").asText() + "/submit-form",
        "{\"variables\":{\"approvalSummary\":{\"value\":\"no choice\",\"type\":\"String\"}}}");
    assertThat(missing.status).isEqualTo(400);
    assertThat(missing.body.path("message").asText()).contains("decision");
    assertThat(engine("GET", "/task/" + task.get("id").asText(), null).status).isEqualTo(200);
    assertThat(approval("tasklist-decision", first).statusAsString()).isEqualTo("InProgress");

    submit(task, "Reject", "not today");
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(status("tasklist-decision", first)).isEqualTo("Failed"));
    assertThat(approval("tasklist-decision", first).statusAsString()).isEqualTo("Failed");

    String second = client.startPipelineExecution(r -> r.name("tasklist-decision")).pipelineExecutionId();
    submit(awaitTask(second), "Approve", "ship it");
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(status("tasklist-decision", second)).isEqualTo("Succeeded"));
    assertThat(approval("tasklist-decision", second).output().executionResult().externalExecutionSummary())
        .isEqualTo("ship it");
  }

  @Test
  @DisplayName("Cockpit shows the pipeline execution id, version, trigger and source revision on the instance, "
      + "and each action's execution id and log link")
  void cockpitVariables() throws Exception {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("tasklist-cockpit")));
    String id = latestExecution("tasklist-cockpit");
    JsonNode task = awaitTask(id);
    String instance = task.get("processInstanceId").asText();

    JsonNode variables = engine("GET", "/process-instance/" + instance + "/variables", null).body;
    assertThat(variables.path("pipelineExecutionId").path("value").asText()).isEqualTo(id);
    assertThat(variables.path("pipelineVersion").path("value").asInt()).isEqualTo(1);
    assertThat(variables.path("trigger").path("value").asText()).startsWith("CreatePipeline");
    String revision = client.getPipelineExecution(r -> r.pipelineName("tasklist-cockpit").pipelineExecutionId(id))
        .pipelineExecution().artifactRevisions().get(0).revisionId();
    assertThat(variables.path("sourceRevision_Fetch").path("value").asText()).startsWith(revision);

    ActionExecutionDetail source = client.listActionExecutions(r -> r.pipelineName("tasklist-cockpit")
            .filter(f -> f.pipelineExecutionId(id))).actionExecutionDetails().stream()
        .filter(a -> a.stageName().equals(SOURCE_STAGE)).findFirst().orElseThrow();
    JsonNode history = engine("GET", "/history/variable-instance?processInstanceId=" + instance
        + "&variableName=actionLogLink", null).body;
    assertThat(history).extracting(v -> v.path("value").asText())
        .contains("/flowline/logs/" + source.actionExecutionId());
  }

  private void submit(JsonNode task, String decision, String summary) throws Exception {
    Reply reply = engine("POST", "/task/" + task.get("id").asText() + "/submit-form",
        "{\"variables\":{\"decision\":{\"value\":\"" + decision + "\",\"type\":\"String\"},"
            + "\"approvalSummary\":{\"value\":\"" + summary + "\",\"type\":\"String\"}}}");
    assertThat(reply.status).as("submit-form %s", decision).isEqualTo(204);
  }

  private String latestExecution(String pipeline) {
    return client.listPipelineExecutions(r -> r.pipelineName(pipeline)).pipelineExecutionSummaries().get(0)
        .pipelineExecutionId();
  }

  private String status(String pipeline, String id) {
    return client.getPipelineExecution(r -> r.pipelineName(pipeline).pipelineExecutionId(id)).pipelineExecution()
        .statusAsString();
  }

  private ActionExecutionDetail approval(String pipeline, String id) {
    return client.listActionExecutions(r -> r.pipelineName(pipeline).filter(f -> f.pipelineExecutionId(id)))
        .actionExecutionDetails().stream().filter(a -> a.actionName().equals(APPROVAL_ACTION)).findFirst()
        .orElseThrow();
  }

  private JsonNode awaitTask(String executionId) {
    return await().atMost(PATIENCE).until(() -> engine("GET", "/task?processInstanceBusinessKey="
        + URLEncoder.encode(executionId, StandardCharsets.UTF_8), null).body, tasks -> tasks.size() == 1).get(0);
  }

  record Reply(int status, JsonNode body) {}

  private Reply engine(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/engine-rest" + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8)))
        .header("Accept", "application/json");
    if (body != null) {
      request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(response.statusCode(), response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body()));
  }
}

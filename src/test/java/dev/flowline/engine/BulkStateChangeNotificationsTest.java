package dev.flowline.engine;

import static dev.flowline.engine.TestPipelines.commands;
import static dev.flowline.engine.TestPipelines.gated;
import static dev.flowline.engine.TestPipelines.release;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowlineTest;
import dev.flowline.SharedTestServers;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.notify.NotificationDeliveries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue #16: a stop, a supersede or a pipeline's deletion ends stages and actions in bulk, and each of them is
 * notified, as CodePipeline sends one EventBridge event per execution, stage and action state change. The rule of
 * {@link SharedTestServers} for {@code notify-bulk-*} pipelines asks for every state change and sends it to a real
 * local HTTP server; each scenario asserts the exact sequence one execution's target received.
 */
@FlowlineTest
class BulkStateChangeNotificationsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<JsonNode> RECEIVED = new CopyOnWriteArrayList<>();

  static {
    SharedTestServers.notificationTargets().createContext("/bulk", exchange -> {
      RECEIVED.add(JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
  }

  /** What happened before the stop in each scenario: the Source stage, then the running Hold action. */
  private static final List<String> UNTIL_HOLD_RUNS = List.of("execution STARTED", "stage Source STARTED",
      "action Source/Source STARTED", "action Source/Source SUCCEEDED", "stage Source SUCCEEDED",
      "stage Build STARTED", "action Build/Hold STARTED");

  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @Autowired NotificationDeliveries deliveries;

  @Test
  @DisplayName("Stop and abandon: the execution and its stage are STOPPING, the running action ABANDONED, then the "
      + "stage and the execution STOPPED; nothing after the action starts")
  void stopAndAbandon() throws Exception {
    String name = PipelineFixtures.uniqueName("notify-bulk-abandon");
    String execution = startHeldAtBuild(name);
    try {
      executions.stop(name, execution, true, "no longer needed");

      List<String> events = awaitSettled(name, execution, "execution STOPPED");
      assertThat(events).containsExactlyElementsOf(concat(UNTIL_HOLD_RUNS, "execution STOPPING", "stage Build STOPPING",
          "action Build/Hold ABANDONED", "stage Build STOPPED", "execution STOPPED"));
      JsonNode abandoned = event(execution, "action Build/Hold ABANDONED");
      assertThat(abandoned.path("detail-type").asText()).isEqualTo("CodePipeline Action Execution State Change");
      assertThat(abandoned.path("detail").path("type").path("provider").asText()).isEqualTo("Commands");
      assertThat(abandoned.path("detail").path("type").path("category").asText()).isEqualTo("Compute");
      assertThat(abandoned.path("detail").path("version").asInt()).isEqualTo(1);
      assertThat(event(execution, "stage Build STOPPING").path("detail-type").asText())
          .isEqualTo("CodePipeline Stage Execution State Change");
      assertThat(event(execution, "execution STOPPING").path("detail-type").asText())
          .isEqualTo("CodePipeline Pipeline Execution State Change");
    } finally {
      release(name);
    }
  }

  @Test
  @DisplayName("Stop and wait: STOPPING first; the running action ends SUCCEEDED, the next one never starts, then the "
      + "stage and the execution STOPPED")
  void stopAndWait() throws Exception {
    String name = PipelineFixtures.uniqueName("notify-bulk-wait");
    String execution = startHeldAtBuild(name);
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    try {
      executions.stop(name, execution, false, "wait for it");
      assertThat(probe.status(execution)).isEqualTo("Stopping");
      assertThat(probe.stageStatus("Build", execution)).as("GetPipelineState's stage").hasValue("Stopping");
      await().atMost(ExecutionProbe.PATIENCE).until(() -> events(execution), e -> e.contains("stage Build STOPPING"));
      release(name);

      List<String> events = awaitSettled(name, execution, "execution STOPPED");
      assertThat(events).containsExactlyElementsOf(concat(UNTIL_HOLD_RUNS, "execution STOPPING", "stage Build STOPPING",
          "action Build/Hold SUCCEEDED", "stage Build STOPPED", "execution STOPPED"));
      assertThat(probe.stageStatus("Build", execution)).hasValue("Stopped");
      assertThat(queries.actionExecutions(name, execution, 0, 10)).extracting(a -> a.actionName())
          .as("neither the stage's next action nor the next stage started").containsExactlyInAnyOrder("Source", "Hold");
    } finally {
      release(name);
    }
  }

  @Test
  @DisplayName("Superseded: the execution waits between stages, so only the execution ends (SUPERSEDED); no stage "
      + "or action event")
  void superseded() throws Exception {
    String name = PipelineFixtures.uniqueName("notify-bulk-superseded");
    String holder = startHeldAtBuild(name);
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    try {
      String waiting = executions.start(name, StartRequest.manual("test"));
      probe.awaitInbound("Build", List.of(waiting));
      String newer = executions.start(name, StartRequest.manual("test"));
      probe.awaitInbound("Build", List.of(newer));

      List<String> events = awaitSettled(name, waiting, "execution SUPERSEDED");
      assertThat(events).containsExactly("execution STARTED", "stage Source STARTED", "action Source/Source STARTED",
          "action Source/Source SUCCEEDED", "stage Source SUCCEEDED", "execution SUPERSEDED");
      assertThat(events(holder)).as("the execution holding the stage").isEqualTo(UNTIL_HOLD_RUNS);
    } finally {
      release(name);
    }
  }

  @Test
  @DisplayName("Deleting a pipeline with an execution in flight: its running action, its stage and the execution "
      + "end CANCELED")
  void pipelineDeleted() throws Exception {
    String name = PipelineFixtures.uniqueName("notify-bulk-deleted");
    String execution = startHeldAtBuild(name);
    try {
      pipelines.delete(name);

      List<String> events = awaitSettled(name, execution, "execution CANCELED");
      assertThat(events).containsExactlyElementsOf(concat(UNTIL_HOLD_RUNS, "action Build/Hold CANCELED",
          "stage Build CANCELED", "execution CANCELED"));
    } finally {
      release(name);
    }
  }

  @Test
  @DisplayName("A failed action ends the other running action of its stage: that action FAILED, then the stage and "
      + "the execution FAILED")
  void failedStageEndsItsOtherActions() throws Exception {
    String name = PipelineFixtures.uniqueName("notify-bulk-failed");
    java.nio.file.Path holding = PipelineFixtures.DATA_DIR.toAbsolutePath().resolve("scratch").resolve(name);
    java.nio.file.Files.createDirectories(holding.getParent());
    // Boom fails once Hold runs (Hold leaves a marker first), so Hold is in progress when the stage fails
    pipelines.create(TestPipelines.named(name).stage("Build", List.of(
        commands("Hold", 1, "touch '" + holding + "'", gated(name)),
        commands("Boom", 1, "for i in $(seq 2400); do [ -f '" + holding + "' ] && exit 1; sleep 0.05; done; exit 1")))
        .document());
    String execution = new ExecutionProbe(queries, name).executions().get(0).pipelineExecutionId();
    try {
      List<String> events = awaitSettled(name, execution, "execution FAILED");
      assertThat(events.subList(events.size() - 4, events.size())).containsExactly("action Build/Boom FAILED",
          "action Build/Hold FAILED", "stage Build FAILED", "execution FAILED");
      assertThat(events).filteredOn(e -> e.startsWith("action Build/")).hasSize(4);
    } finally {
      release(name);
    }
  }

  /** Source -> Build (Hold, gated; then Next) -> Deploy; returns the first execution once Hold runs. */
  private String startHeldAtBuild(String name) throws IOException {
    pipelines.create(TestPipelines.named(name).mode("SUPERSEDED")
        .stage("Build", List.of(commands("Hold", 1, gated(name)), commands("Next", 2, "echo next")))
        .stage("Deploy", "Never=echo never").document());
    String execution = new ExecutionProbe(queries, name).executions().get(0).pipelineExecutionId();
    await().atMost(ExecutionProbe.PATIENCE).until(() -> events(execution), e -> e.equals(UNTIL_HOLD_RUNS));
    await().atMost(ExecutionProbe.PATIENCE).until(() -> queries.actionExecutions(name, execution, 0, 10).stream()
        .anyMatch(a -> a.actionName().equals("Hold") && a.input() != null && a.input().resolvedConfiguration() != null));
    return execution;
  }

  /** The execution's events once {@code last} arrived and nothing of the pipeline is left to send. */
  private List<String> awaitSettled(String name, String execution, String last) throws InterruptedException {
    await().atMost(ExecutionProbe.PATIENCE).until(() -> events(execution), e -> e.contains(last));
    await().atMost(ExecutionProbe.PATIENCE).until(() -> deliveries.recent(name, 1000).stream()
        .noneMatch(d -> d.status().equals("Pending")));
    Thread.sleep(500); // a late event would be a failure: give one the time to be sent
    return events(execution);
  }

  /** "execution STATE", "stage Stage STATE" or "action Stage/Action STATE", in the order received. */
  private static List<String> events(String execution) {
    return RECEIVED.stream().filter(e -> execution.equals(e.path("detail").path("execution-id").asText()))
        .map(BulkStateChangeNotificationsTest::describe).toList();
  }

  private static String describe(JsonNode event) {
    JsonNode detail = event.path("detail");
    String state = detail.path("state").asText();
    if (detail.has("action")) {
      return "action " + detail.path("stage").asText() + "/" + detail.path("action").asText() + " " + state;
    }
    return detail.has("stage") ? "stage " + detail.path("stage").asText() + " " + state : "execution " + state;
  }

  private static JsonNode event(String execution, String description) {
    return RECEIVED.stream().filter(e -> execution.equals(e.path("detail").path("execution-id").asText()))
        .filter(e -> describe(e).equals(description)).findFirst()
        .orElseThrow(() -> new AssertionError("no event " + description + " of execution " + execution));
  }

  private static List<String> concat(List<String> first, String... then) {
    return Stream.concat(first.stream(), Stream.of(then)).toList();
  }
}

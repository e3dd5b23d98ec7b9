package dev.flowline.api;

import static dev.flowline.api.SdkPipelines.APPROVAL_ACTION;
import static dev.flowline.api.SdkPipelines.APPROVAL_STAGE;
import static dev.flowline.api.SdkPipelines.SOURCE_STAGE;
import static dev.flowline.api.SdkPipelines.sourceThenApproval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.ActionState;
import software.amazon.awssdk.services.codepipeline.model.ApprovalStatus;
import software.amazon.awssdk.services.codepipeline.model.CodePipelineException;
import software.amazon.awssdk.services.codepipeline.model.GetPipelineStateResponse;
import software.amazon.awssdk.services.codepipeline.model.InvalidNextTokenException;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecution;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionSummary;
import software.amazon.awssdk.services.codepipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.StageNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.StageState;
import software.amazon.awssdk.services.codepipeline.model.StageTransitionType;

/**
 * Executions through the SDK v2 client: Start/Stop/GetPipelineExecution, ListPipelineExecutions,
 * GetPipelineState, PutApprovalResult, transitions, RetryStageExecution and ListActionExecutions.
 */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExecutionsSdkTest {

  static final Duration PATIENCE = Duration.ofSeconds(30);

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
  @DisplayName("CreatePipeline starts the first execution (trigger CreatePipeline), as AWS does")
  void createStartsFirstExecution() {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-first-run")));

    List<PipelineExecutionSummary> executions =
        client.listPipelineExecutions(r -> r.pipelineName("sdk-first-run")).pipelineExecutionSummaries();

    assertThat(executions).singleElement()
        .satisfies(e -> assertThat(e.trigger().triggerTypeAsString()).isEqualTo("CreatePipeline"));
  }

  @Test
  @DisplayName("StartPipelineExecution with a repeated clientRequestToken returns the first execution's id")
  void clientRequestTokenIsIdempotent() {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-idempotent")));
    String token = UUID.randomUUID().toString();

    String first = client.startPipelineExecution(r -> r.name("sdk-idempotent").clientRequestToken(token))
        .pipelineExecutionId();
    String second = client.startPipelineExecution(r -> r.name("sdk-idempotent").clientRequestToken(token))
        .pipelineExecutionId();

    assertThat(second).isEqualTo(first);
  }

  @Test
  @DisplayName("StartPipelineExecution's variables override the declared defaults; GetPipelineExecution shows them resolved")
  void variablesReachTheExecution() {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-variables").toBuilder()
        .variables(v -> v.name("Environment").defaultValue("staging")).build()));

    String id = client.startPipelineExecution(r -> r.name("sdk-variables")
        .variables(v -> v.name("Environment").value("production"))).pipelineExecutionId();

    assertThat(client.getPipelineExecution(r -> r.pipelineName("sdk-variables").pipelineExecutionId(id))
        .pipelineExecution().variables())
        .anySatisfy(v -> assertThat(v.name() + "=" + v.resolvedValue()).isEqualTo("Environment=production"));
    assertThatThrownBy(() -> client.startPipelineExecution(r -> r.name("sdk-variables")
        .variables(v -> v.name("Undeclared").value("x"))))
        .isInstanceOfSatisfying(CodePipelineException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
  }

  @Test
  @DisplayName("GetPipelineExecution returns the execution; unknown ids and pipelines are the SDK's typed exceptions")
  void getPipelineExecution() {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-get-exec")));
    String id = client.startPipelineExecution(r -> r.name("sdk-get-exec")).pipelineExecutionId();

    PipelineExecution execution = client.getPipelineExecution(r -> r.pipelineName("sdk-get-exec")
        .pipelineExecutionId(id)).pipelineExecution();

    assertThat(execution.pipelineExecutionId()).isEqualTo(id);
    assertThat(execution.pipelineName()).isEqualTo("sdk-get-exec");
    assertThat(execution.pipelineVersion()).isEqualTo(1);
    assertThat(execution.trigger().triggerTypeAsString()).isEqualTo("StartPipelineExecution");
    assertThat(execution.statusAsString()).isIn("InProgress", "Succeeded", "Superseded", "Failed", "Stopped");
    String unknown = UUID.randomUUID().toString();
    assertThatThrownBy(() -> client.getPipelineExecution(r -> r.pipelineName("sdk-get-exec").pipelineExecutionId(unknown)))
        .isInstanceOf(PipelineExecutionNotFoundException.class);
    assertThatThrownBy(() -> client.getPipelineExecution(r -> r.pipelineName("sdk-nope").pipelineExecutionId(id)))
        .isInstanceOf(PipelineNotFoundException.class);
  }

  @Test
  @DisplayName("listPipelineExecutionsPaginator with maxResults 2 returns every execution once, newest first")
  void listPipelineExecutionsPaginator() {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-history")));
    for (int i = 0; i < 4; i++) {
      client.startPipelineExecution(r -> r.name("sdk-history"));
    }

    List<PipelineExecutionSummary> all = client.listPipelineExecutionsPaginator(r -> r.pipelineName("sdk-history")
        .maxResults(2)).pipelineExecutionSummaries().stream().toList();

    assertThat(all).hasSize(5);
    assertThat(all).extracting(PipelineExecutionSummary::pipelineExecutionId).doesNotHaveDuplicates();
    assertThat(all).extracting(PipelineExecutionSummary::startTime)
        .isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(all.get(all.size() - 1).trigger().triggerTypeAsString()).isEqualTo("CreatePipeline");
  }

  @Test
  @DisplayName("given a nextToken from another pipeline's listing, then InvalidNextTokenException")
  void foreignNextTokenIsRefused() {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-token-a")));
    client.startPipelineExecution(r -> r.name("sdk-token-a"));
    String token = client.listPipelineExecutions(r -> r.pipelineName("sdk-token-a").maxResults(1)).nextToken();

    assertThat(token).isNotNull();
    assertThatThrownBy(() -> client.listPipelineExecutions(r -> r.pipelineName("sdk-first-run").nextToken(token)))
        .isInstanceOfAny(InvalidNextTokenException.class, PipelineNotFoundException.class);
  }

  @Test
  @DisplayName("GetPipelineState shows the waiting approval's token; PutApprovalResult approves it once")
  void approveThroughState() {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-approve")));

    String token = await().atMost(PATIENCE).until(() -> approvalToken("sdk-approve"), Objects::nonNull);
    var approved = client.putApprovalResult(r -> r.pipelineName("sdk-approve").stageName(APPROVAL_STAGE)
        .actionName(APPROVAL_ACTION).token(token)
        .result(a -> a.status(ApprovalStatus.APPROVED).summary("ship it")));

    assertThat(approved.approvedAt()).isNotNull();
    GetPipelineStateResponse state = client.getPipelineState(r -> r.name("sdk-approve"));
    assertThat(state.pipelineVersion()).isEqualTo(1);
    assertThat(state.stageStates()).extracting(StageState::stageName).containsExactly(SOURCE_STAGE, APPROVAL_STAGE);
    assertThat(state.stageStates().get(0).latestExecution()).isNotNull();
    assertThatThrownBy(() -> client.putApprovalResult(r -> r.pipelineName("sdk-approve").stageName(APPROVAL_STAGE)
        .actionName(APPROVAL_ACTION).token(token).result(a -> a.status(ApprovalStatus.APPROVED).summary("again"))))
        .isInstanceOfSatisfying(CodePipelineException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isIn("InvalidApprovalTokenException", "ApprovalAlreadyCompletedException"));
  }

  @Test
  @DisplayName("DisableStageTransition shows in GetPipelineState with its reason; EnableStageTransition reopens it")
  void transitions() {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-transitions")));

    client.disableStageTransition(r -> r.pipelineName("sdk-transitions").stageName(APPROVAL_STAGE)
        .transitionType(StageTransitionType.INBOUND).reason("Freeze for audit"));
    StageState disabled = stage("sdk-transitions", APPROVAL_STAGE);
    client.enableStageTransition(r -> r.pipelineName("sdk-transitions").stageName(APPROVAL_STAGE)
        .transitionType(StageTransitionType.INBOUND));

    assertThat(disabled.inboundTransitionState().enabled()).isFalse();
    assertThat(disabled.inboundTransitionState().disabledReason()).isEqualTo("Freeze for audit");
    assertThat(stage("sdk-transitions", APPROVAL_STAGE).inboundTransitionState().enabled()).isTrue();
    assertThatThrownBy(() -> client.enableStageTransition(r -> r.pipelineName("sdk-transitions").stageName("Nowhere")
        .transitionType(StageTransitionType.INBOUND))).isInstanceOf(StageNotFoundException.class);
  }

  @Test
  @DisplayName("StopPipelineExecution answers the execution id; the execution ends Stopping or Stopped")
  void stop() {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-stop")));
    String id = client.listPipelineExecutions(r -> r.pipelineName("sdk-stop")).pipelineExecutionSummaries().get(0)
        .pipelineExecutionId();
    await().atMost(PATIENCE).until(() -> approvalToken("sdk-stop"), Objects::nonNull);

    String stopped = client.stopPipelineExecution(r -> r.pipelineName("sdk-stop").pipelineExecutionId(id)
        .abandon(true).reason("not today")).pipelineExecutionId();

    assertThat(stopped).isEqualTo(id);
    await().atMost(PATIENCE).untilAsserted(() -> assertThat(client.getPipelineExecution(r -> r.pipelineName("sdk-stop")
        .pipelineExecutionId(id)).pipelineExecution().statusAsString()).isIn("Stopping", "Stopped"));
  }

  @Test
  @DisplayName("RetryStageExecution of a stage that did not fail answers StageNotRetryableException")
  void retryOfHealthyStage() {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-retry")));
    String id = client.listPipelineExecutions(r -> r.pipelineName("sdk-retry")).pipelineExecutionSummaries().get(0)
        .pipelineExecutionId();

    assertThatThrownBy(() -> client.retryStageExecution(r -> r.pipelineName("sdk-retry").stageName(SOURCE_STAGE)
        .pipelineExecutionId(id).retryMode("FAILED_ACTIONS")))
        .isInstanceOfSatisfying(CodePipelineException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .isEqualTo("StageNotRetryableException"));
  }

  @Test
  @DisplayName("ListActionExecutions shows a waiting approval's input: its configuration as declared, and resolved")
  void approvalInputIsResolved() {
    var base = sourceThenApproval("sdk-approval-input").toBuilder()
        .variables(v -> v.name("Environment").defaultValue("staging")).build();
    var approval = base.stages().get(1).actions().get(0).toBuilder().configuration(java.util.Map.of(
        "CustomData", "Deploy #{codepipeline.PipelineExecutionId} to #{variables.Environment}?")).build();
    client.createPipeline(r -> r.pipeline(base.toBuilder().stages(base.stages().get(0),
        base.stages().get(1).toBuilder().actions(approval).build()).build()));
    // the first run, started by CreatePipeline, holds the approval stage: its input is the one to read
    String id = client.listPipelineExecutions(r -> r.pipelineName("sdk-approval-input")).pipelineExecutionSummaries()
        .get(0).pipelineExecutionId();

    ActionExecutionDetail waiting = await().atMost(Duration.ofSeconds(30)).until(() -> client.listActionExecutions(
            r -> r.pipelineName("sdk-approval-input").filter(f -> f.pipelineExecutionId(id)))
        .actionExecutionDetails().stream().filter(d -> d.actionName().equals(APPROVAL_ACTION)).findFirst()
        .orElse(null), Objects::nonNull);

    assertThat(waiting.input().configuration().get("CustomData"))
        .isEqualTo("Deploy #{codepipeline.PipelineExecutionId} to #{variables.Environment}?");
    assertThat(waiting.input().resolvedConfiguration().get("CustomData"))
        .isEqualTo("Deploy " + id + " to staging?");
  }

  @Test
  @DisplayName("ListActionExecutions of one execution lists its source action; an unknown execution is refused")
  void listActionExecutions() {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-actions")));
    String id = client.listPipelineExecutions(r -> r.pipelineName("sdk-actions")).pipelineExecutionSummaries().get(0)
        .pipelineExecutionId();
    await().atMost(PATIENCE).until(() -> approvalToken("sdk-actions"), Objects::nonNull);

    List<ActionExecutionDetail> details = client.listActionExecutionsPaginator(r -> r.pipelineName("sdk-actions")
        .filter(f -> f.pipelineExecutionId(id)).maxResults(1)).actionExecutionDetails().stream().toList();

    assertThat(details).extracting(ActionExecutionDetail::stageName).contains(SOURCE_STAGE);
    assertThat(details).allSatisfy(d -> assertThat(d.pipelineExecutionId()).isEqualTo(id));
    String unknown = UUID.randomUUID().toString();
    assertThatThrownBy(() -> client.listActionExecutions(r -> r.pipelineName("sdk-actions")
        .filter(f -> f.pipelineExecutionId(unknown)))).isInstanceOf(PipelineExecutionNotFoundException.class);
  }

  private String approvalToken(String pipeline) {
    return stage(pipeline, APPROVAL_STAGE).actionStates().stream()
        .filter(a -> a.actionName().equals(APPROVAL_ACTION))
        .map(ActionState::latestExecution)
        .filter(Objects::nonNull)
        .map(e -> e.token())
        .filter(Objects::nonNull)
        .findFirst().orElse(null);
  }

  private StageState stage(String pipeline, String stage) {
    return client.getPipelineState(r -> r.name(pipeline)).stageStates().stream()
        .filter(s -> s.stageName().equals(stage)).findFirst().orElseThrow();
  }
}

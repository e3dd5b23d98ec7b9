package dev.flowline.api;

import static dev.flowline.api.SdkPipelines.APPROVAL_ACTION;
import static dev.flowline.api.SdkPipelines.APPROVAL_STAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionState;
import software.amazon.awssdk.services.codepipeline.model.ApprovalStatus;
import software.amazon.awssdk.services.codepipeline.model.PipelineDeclaration;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionStatus;

/**
 * A manual approval with a NotificationArn whose SNS cannot be reached (application-test.yml points SNS at a closed
 * port): the approval waits and is answered as any other, the execution never held or failed by the notification.
 * What the notification says is proven against moto by ApprovalNotificationsTest.
 */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApprovalNotificationSdkTest {

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
  @DisplayName("an approval whose notification cannot be published (no such topic) still waits, and approving it finishes the run")
  void unpublishedNotificationDoesNotHoldTheApproval() {
    PipelineDeclaration base = SdkPipelines.sourceThenApproval("notify-unreachable");
    var approval = base.stages().get(1).actions().get(0).toBuilder().configuration(Map.of(
        "NotificationArn", "arn:aws:sns:us-east-1:123456789012:approvals", "CustomData", "Release it?")).build();
    client.createPipeline(r -> r.pipeline(base.toBuilder().stages(base.stages().get(0),
        base.stages().get(1).toBuilder().actions(approval).build()).build()));

    String token = await().atMost(PATIENCE).until(this::approvalToken, Objects::nonNull);
    String executionId = client.listPipelineExecutions(r -> r.pipelineName("notify-unreachable"))
        .pipelineExecutionSummaries().get(0).pipelineExecutionId();
    assertThat(status(executionId)).isEqualTo(PipelineExecutionStatus.IN_PROGRESS);
    client.putApprovalResult(r -> r.pipelineName("notify-unreachable").stageName(APPROVAL_STAGE)
        .actionName(APPROVAL_ACTION).token(token).result(a -> a.status(ApprovalStatus.APPROVED).summary("ok")));

    await().atMost(PATIENCE).until(() -> status(executionId) != PipelineExecutionStatus.IN_PROGRESS);
    assertThat(status(executionId)).isEqualTo(PipelineExecutionStatus.SUCCEEDED);
  }

  private PipelineExecutionStatus status(String executionId) {
    return client.getPipelineExecution(r -> r.pipelineName("notify-unreachable").pipelineExecutionId(executionId))
        .pipelineExecution().status();
  }

  private String approvalToken() {
    return client.getPipelineState(r -> r.name("notify-unreachable")).stageStates().stream()
        .filter(s -> s.stageName().equals(APPROVAL_STAGE)).flatMap(s -> s.actionStates().stream())
        .filter(a -> a.actionName().equals(APPROVAL_ACTION)).map(ActionState::latestExecution)
        .filter(Objects::nonNull).map(e -> e.token()).filter(Objects::nonNull).findFirst().orElse(null);
  }
}

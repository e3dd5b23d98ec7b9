package dev.flowline.api;

import static dev.flowline.api.SdkPipelines.APPROVAL_ACTION;
import static dev.flowline.api.SdkPipelines.APPROVAL_STAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.AwsFlowlineTest;
import dev.flowline.actions.aws.AwsClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.PipelineDeclaration;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** A pipeline's approval with a NotificationArn notifies the topic in moto when the approval starts. */
class ApprovalNotificationMotoTest extends AwsFlowlineTest {

  @LocalServerPort int port;
  @Autowired AwsClients aws;

  @Test
  @DisplayName("given an approval with a NotificationArn, when it starts, then the topic's subscribers get AWS's"
      + " approval message with the approval's token")
  void approvalNotifiesTheTopic() throws Exception {
    SnsClient sns = aws.client("sns", SnsClient::builder, "us-east-1", null);
    SqsClient sqs = aws.client("sqs", SqsClient::builder, "us-east-1", null);
    String topic = sns.createTopic(b -> b.name("pipeline-approvals")).topicArn();
    String queueUrl = sqs.createQueue(b -> b.queueName("pipeline-approvers")).queueUrl();
    String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn));
    ApiTestData.putSourceObject();

    try (CodePipelineClient client = ApiClients.codePipeline(port)) {
      PipelineDeclaration base = SdkPipelines.sourceThenApproval("notify-moto");
      var approval = base.stages().get(1).actions().get(0).toBuilder().configuration(Map.of(
          "NotificationArn", topic, "CustomData", "Release #{codepipeline.PipelineExecutionId}?",
          "ExternalEntityLink", "https://example.com/diff")).build();
      client.createPipeline(r -> r.pipeline(base.toBuilder().stages(base.stages().get(0),
          base.stages().get(1).toBuilder().actions(approval).build()).build()));

      List<Message> messages = await().atMost(Duration.ofSeconds(30)).until(
          () -> sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages(), m -> !m.isEmpty());
      JsonNode message = new ObjectMapper().readTree(new ObjectMapper().readTree(messages.get(0).body())
          .get("Message").asText());
      String executionId = client.listPipelineExecutions(r -> r.pipelineName("notify-moto"))
          .pipelineExecutionSummaries().get(0).pipelineExecutionId();
      String token = client.getPipelineState(r -> r.name("notify-moto")).stageStates().get(1).actionStates().get(0)
          .latestExecution().token();
      assertThat(message.at("/approval/pipelineName").asText()).isEqualTo("notify-moto");
      assertThat(message.at("/approval/stageName").asText()).isEqualTo(APPROVAL_STAGE);
      assertThat(message.at("/approval/actionName").asText()).isEqualTo(APPROVAL_ACTION);
      assertThat(message.at("/approval/token").asText()).isEqualTo(token);
      assertThat(message.at("/approval/customData").asText()).isEqualTo("Release " + executionId + "?");
      assertThat(message.at("/approval/externalEntityLink").asText()).isEqualTo("https://example.com/diff");
      assertThat(message.at("/approval/approvalReviewLink").asText()).endsWith("/approve/" + token);
      assertThat(message.get("region").asText()).isEqualTo("us-east-1");
    }
  }
}

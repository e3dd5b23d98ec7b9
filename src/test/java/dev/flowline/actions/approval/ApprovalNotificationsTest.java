package dev.flowline.actions.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.MotoAws;
import dev.flowline.artifacts.MotoServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The approval notification against a real moto_server: SNS delivers it to an SQS queue subscribed to the topic,
 * and the test reads what a subscriber would receive.
 */
class ApprovalNotificationsTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static MotoServer moto;
  static AwsClients clients;
  static SnsClient sns;
  static SqsClient sqs;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    clients = MotoAws.clients(moto);
    sns = clients.client("sns", SnsClient::builder, "us-east-1", null);
    sqs = clients.client("sqs", SqsClient::builder, "us-east-1", null);
  }

  @AfterAll
  static void stopMoto() {
    if (clients != null) {
      clients.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void reset() throws Exception {
    moto.reset();
  }

  @Test
  @DisplayName("when an approval starts, the topic's subscribers receive AWS's approval message under AWS's subject")
  void publishesAwsApprovalMessage() throws Exception {
    String topic = sns.createTopic(b -> b.name("approvals")).topicArn();
    String queueUrl = sqs.createQueue(b -> b.queueName("approvers")).queueUrl();
    String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    sns.subscribe(b -> b.topicArn(topic).protocol("sqs").endpoint(queueArn));
    ApprovalNotifications notifications = new ApprovalNotifications(clients, "eu-west-1", "http://flowline.example:8080/");

    boolean published = notifications.publish(new ApprovalNotice(topic, "release-train", "exec-1", "Approve",
        "Go Live", "0f9d2c1e-1111-4c3b-9d7e-5a6b7c8d9e0f", Instant.parse("2026-12-12T08:30:45Z"),
        "https://example.com/changes", "Review the latest changes"));

    assertThat(published).isTrue();
    List<Message> messages = await().atMost(Duration.ofSeconds(10)).until(
        () -> sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)).messages(), m -> !m.isEmpty());
    assertThat(messages).hasSize(1);
    JsonNode envelope = JSON.readTree(messages.get(0).body());
    assertThat(envelope.get("Subject").asText())
        .isEqualTo("APPROVAL NEEDED: AWS CodePipeline release-train for action Go Live");
    JsonNode message = JSON.readTree(envelope.get("Message").asText());
    String view = "http://flowline.example:8080/?region=eu-west-1#/view/release-train";
    assertThat(JSON.convertValue(message, Map.class)).isEqualTo(Map.of(
        "region", "eu-west-1",
        "consoleLink", view,
        "approval", Map.of(
            "pipelineName", "release-train",
            "stageName", "Approve",
            "actionName", "Go Live",
            "token", "0f9d2c1e-1111-4c3b-9d7e-5a6b7c8d9e0f",
            "expires", "2026-12-12T08:30Z",
            "externalEntityLink", "https://example.com/changes",
            "approvalReviewLink", view + "/Approve/Go%20Live/approve/0f9d2c1e-1111-4c3b-9d7e-5a6b7c8d9e0f",
            "customData", "Review the latest changes")));
  }

  @Test
  @DisplayName("a topic that does not exist or an ARN that is not a topic's: the publish fails quietly, never throws")
  void failedPublishDoesNotThrow() {
    ApprovalNotifications notifications = new ApprovalNotifications(clients, "us-east-1", "http://127.0.0.1:8080");

    assertThat(notifications.publish(new ApprovalNotice("arn:aws:sns:us-east-1:123456789012:no-such-topic", "p",
        "exec-2", "Approve", "Go", "t", Instant.now(), null, null))).isFalse();
    assertThat(notifications.publish(new ApprovalNotice("not-an-arn", "p", "exec-3", "Approve", "Go", "t",
        Instant.now(), null, null))).isFalse();
  }
}

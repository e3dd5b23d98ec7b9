package dev.flowline.actions.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.AwsErrors;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Publishes CodePipeline's approval notification to the approval's SNS topic ({@code NotificationArn}) when a
 * manual approval starts: the JSON message AWS documents ({@code region}, {@code consoleLink}, {@code approval} with
 * pipelineName, stageName, actionName, token, expires, externalEntityLink, approvalReviewLink, customData) under
 * AWS's subject line. The topic's region is taken from its ARN. The links point at {@code consoleUrl} (Flowline's
 * own console) in the shape of the CodePipeline console's links.
 *
 * <p>A notification is a courtesy, not a step of the pipeline: {@link #publish} never throws; a failure is logged
 * with the pipeline and execution ids and the approval waits as it would without it.
 */
public final class ApprovalNotifications {
  private static final Logger log = LoggerFactory.getLogger(ApprovalNotifications.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm'Z'")
      .withZone(ZoneOffset.UTC);
  private static final int MAX_SUBJECT = 100;

  private final AwsClients clients;
  private final String region;
  private final String consoleUrl;

  /**
   * @param region     the pipeline's region, as the message's {@code region}
   * @param consoleUrl where people open Flowline's console, e.g. {@code http://127.0.0.1:8080}
   */
  public ApprovalNotifications(AwsClients clients, String region, String consoleUrl) {
    this.clients = clients;
    this.region = region;
    this.consoleUrl = consoleUrl.endsWith("/") ? consoleUrl.substring(0, consoleUrl.length() - 1) : consoleUrl;
  }

  /** Publishes the notification; true when SNS accepted it. */
  public boolean publish(ApprovalNotice notice) {
    try {
      SnsClient sns = clients.client("sns", SnsClient::builder, topicRegion(notice.notificationArn()), null);
      String subject = "APPROVAL NEEDED: AWS CodePipeline " + notice.pipelineName() + " for action "
          + notice.actionName();
      sns.publish(b -> b.topicArn(notice.notificationArn()).message(message(notice))
          .subject(subject.length() <= MAX_SUBJECT ? subject : subject.substring(0, MAX_SUBJECT)));
      return true;
    } catch (SdkException | IllegalArgumentException e) {
      log.warn("Could not publish the approval notification of pipeline {} execution {} (action {}/{}) to {}: {}",
          notice.pipelineName(), notice.pipelineExecutionId(), notice.stageName(), notice.actionName(),
          notice.notificationArn(), AwsErrors.message(e));
      return false;
    }
  }

  /** AWS's approval notification message. */
  String message(ApprovalNotice notice) {
    String view = consoleUrl + "/?region=" + region + "#/view/" + path(notice.pipelineName());
    Map<String, Object> approval = new LinkedHashMap<>();
    approval.put("pipelineName", notice.pipelineName());
    approval.put("stageName", notice.stageName());
    approval.put("actionName", notice.actionName());
    approval.put("token", notice.token());
    approval.put("expires", EXPIRES.format(notice.expires()));
    approval.put("externalEntityLink", notice.externalEntityLink());
    approval.put("approvalReviewLink", view + "/" + path(notice.stageName()) + "/" + path(notice.actionName())
        + "/approve/" + notice.token());
    approval.put("customData", notice.customData());
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("region", region);
    message.put("consoleLink", view);
    message.put("approval", approval);
    try {
      return JSON.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** arn:aws:sns:<region>:<account>:<topic> */
  private String topicRegion(String arn) {
    String[] parts = arn.split(":", 6);
    if (parts.length != 6 || !"arn".equals(parts[0]) || !"sns".equals(parts[2]) || parts[3].isBlank()) {
      throw new IllegalArgumentException("NotificationArn '" + arn + "' is not an SNS topic ARN");
    }
    return parts[3];
  }

  private static String path(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}

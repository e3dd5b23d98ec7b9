package dev.flowline.execution.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes a delivery per matching rule into {@code flowline_notification_outbox} (V18), in the transaction that
 * records the state change: a rolled-back change sends nothing, a committed one is sent by the
 * {@link NotificationDispatcher} even after a restart. With no rules it does nothing at all. A failure here is
 * logged and swallowed: a notification never fails a pipeline.
 */
@Component
public class NotificationOutbox {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationOutbox.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final JdbcTemplate jdbc;
  private final NotificationProperties properties;
  private final Clock clock;
  private final String accountId;
  private final String region;

  public NotificationOutbox(JdbcTemplate jdbc, NotificationProperties properties, Clock clock,
      @Value("${flowline.account-id:123456789012}") String accountId, @Value("${flowline.region:us-east-1}") String region) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.clock = clock;
    this.accountId = accountId;
    this.region = region;
  }

  /** True when some rule asks for {@code eventType} of any pipeline: callers skip look-ups otherwise. */
  public boolean wanted(String eventType) {
    return eventType != null && properties.rules().stream().anyMatch(r -> r.events().contains(eventType));
  }

  public void emit(NotificationEvent event) {
    List<NotificationProperties.Rule> rules = properties.rules();
    for (int i = 0; i < rules.size(); i++) {
      NotificationProperties.Rule rule = rules.get(i);
      if (!rule.matches(event.pipeline(), event.type())) {
        continue;
      }
      try {
        long now = clock.millis();
        String payload = "slack".equalsIgnoreCase(rule.format()) ? slack(event) : eventBridge(event, now);
        jdbc.update("INSERT INTO flowline_notification_outbox (rule_index, url, format, event_type, pipeline_name, "
                + "execution_id, payload, status, attempts, next_attempt_at, created_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, 'Pending', 0, ?, ?)",
            i, rule.url(), rule.format(), event.type(), event.pipeline(), event.executionId(), payload, now, now);
      } catch (RuntimeException e) {
        LOG.warn("Could not queue the {} notification of pipeline {} for {}: {}", event.type(), event.pipeline(),
            rule.url(), e.getMessage());
      }
    }
  }

  /** CodePipeline's EventBridge event: the envelope and its detail, as AWS sends it. */
  String eventBridge(NotificationEvent event, long now) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", "0");
    root.put("id", UUID.randomUUID().toString());
    root.put("detail-type", event.detailType());
    root.put("source", "aws.codepipeline");
    root.put("account", accountId);
    root.put("time", Instant.ofEpochMilli(now).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
    root.put("region", region);
    root.putArray("resources").add("arn:aws:codepipeline:" + region + ":" + accountId + ":" + event.pipeline());
    ObjectNode detail = root.putObject("detail");
    detail.put("pipeline", event.pipeline());
    detail.put("execution-id", event.executionId());
    if (event.stage() != null) {
      detail.put("stage", event.stage());
    }
    if (event.action() != null) {
      detail.put("action", event.action());
    }
    detail.put("state", event.state());
    if (event.action() != null) {
      detail.put("region", region);
      ObjectNode type = detail.putObject("type");
      type.put("owner", event.actionOwner());
      type.put("provider", event.actionProvider());
      type.put("category", event.actionCategory());
      type.put("version", event.actionVersion());
    }
    detail.put("version", event.version());
    return root.toString();
  }

  /** Slack's incoming-webhook message: one line of text. */
  static String slack(NotificationEvent event) {
    StringBuilder text = new StringBuilder();
    if (NotificationEvent.APPROVAL_NEEDED.equals(event.type())) {
      text.append("Approval needed: pipeline *").append(event.pipeline()).append("*, stage ").append(event.stage())
          .append(", action ").append(event.action());
    } else {
      text.append("Pipeline *").append(event.pipeline()).append('*');
      if (event.stage() != null) {
        text.append(", stage ").append(event.stage());
      }
      if (event.action() != null) {
        text.append(", action ").append(event.action());
      }
      text.append(": ").append(event.state());
    }
    text.append(" (execution `").append(event.executionId()).append("`)");
    ObjectNode root = JSON.createObjectNode();
    root.put("text", text.toString());
    return root.toString();
  }
}

package dev.flowline.execution.notify;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code flowline.notifications.*}: rules that send pipeline events to HTTP webhooks (docs/operations.md,
 * "Notifications"). Without rules nothing is written or sent.
 *
 * @param rules what to send where
 * @param pollInterval how often the dispatcher looks for due deliveries
 * @param maxAttempts attempts per delivery before it is given up
 * @param backoff wait before the second attempt; doubled after each failure
 * @param timeout how long one HTTP attempt may take
 * @param retention how long a finished delivery (Delivered or GaveUp) stays in the outbox, counted from when it
 *     finished; a pending one stays until it is delivered or given up, however old
 * @param keepPerPipeline the newest deliveries of each pipeline kept past the retention, so the console's delivery
 *     history of a quiet pipeline is not empty
 */
@ConfigurationProperties("flowline.notifications")
public record NotificationProperties(List<Rule> rules, Duration pollInterval, Integer maxAttempts, Duration backoff,
    Duration timeout, Duration retention, Integer keepPerPipeline) {

  public NotificationProperties {
    rules = rules == null ? List.of() : List.copyOf(rules);
    pollInterval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
    maxAttempts = maxAttempts == null ? 5 : Math.max(1, maxAttempts);
    backoff = backoff == null ? Duration.ofSeconds(10) : backoff;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    retention = retention == null ? Duration.ofDays(30) : retention;
    keepPerPipeline = keepPerPipeline == null ? 20 : keepPerPipeline;
    if (retention.isNegative() || keepPerPipeline < 0) {
      throw new IllegalArgumentException("flowline.notifications: retention must not be negative, keep-per-pipeline "
          + "not below 0");
    }
  }

  /**
   * One rule.
   *
   * @param pipeline the pipeline name, or a pattern with {@code *} (any characters); {@code *} when absent
   * @param events the {@link NotificationEvent} types, e.g. {@code execution-failed, approval-needed}
   * @param url the webhook's http(s) URL
   * @param secret the HMAC-SHA256 key of the {@code X-Flowline-Signature} header (optional, never logged)
   * @param format {@code codepipeline} (EventBridge event JSON, the default) or {@code slack}
   */
  public record Rule(String pipeline, List<String> events, String url, String secret, String format) {

    /** Checked at startup, so a bad rule stops the boot with a message instead of failing deliveries later. */
    public Rule {
      pipeline = pipeline == null || pipeline.isBlank() ? "*" : pipeline;
      events = events == null ? List.of() : events.stream().map(String::strip).toList();
      format = format == null || format.isBlank() ? "codepipeline" : format.strip().toLowerCase(java.util.Locale.ROOT);
      if (url == null || !(url.startsWith("http://") || url.startsWith("https://")) || url.length() > 2048) {
        throw new IllegalArgumentException("flowline.notifications.rules[].url must be an http(s) URL of at most "
            + "2048 characters");
      }
      if (!format.equals("codepipeline") && !format.equals("slack")) {
        throw new IllegalArgumentException("flowline.notifications.rules[].format must be codepipeline or slack, not "
            + format);
      }
      for (String event : events) {
        if (!NotificationEvent.TYPES.contains(event)) {
          throw new IllegalArgumentException("Unknown notification event type " + event + "; known: "
              + NotificationEvent.TYPES);
        }
      }
    }

    boolean matches(String pipelineName, String eventType) {
      return events.contains(eventType) && pipelineName.matches(
          ("\\Q" + pipeline + "\\E").replace("*", "\\E.*\\Q"));
    }

    @Override
    public String toString() {
      return "Rule[pipeline=" + pipeline + ", events=" + events + ", url=" + url + ", format=" + format + "]";
    }
  }
}

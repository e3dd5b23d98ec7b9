package dev.flowline.execution.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Sends the outbox's due deliveries on its own thread, never on a pipeline's: one POST each, with
 * {@code X-Flowline-Signature: sha256=<hex HMAC-SHA256 of the body>} when the rule has a secret. A 2xx answer
 * delivers it; anything else (or no answer within the timeout) is tried again after the backoff, doubled per
 * attempt, until {@code max-attempts}, then given up. A delivery is claimed by moving its next attempt time
 * forward in one conditional UPDATE, so two Flowline nodes on one database do not both send it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
public class NotificationDispatcher implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);
  private static final int BATCH = 20;

  private final JdbcTemplate jdbc;
  private final NotificationProperties properties;
  private final Clock clock;
  private final HttpClient http;
  private ScheduledExecutorService scheduler;

  public NotificationDispatcher(JdbcTemplate jdbc, NotificationProperties properties, Clock clock) {
    this.jdbc = jdbc;
    this.properties = properties;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public synchronized void start() {
    if (properties.rules().isEmpty() || scheduler != null) {
      return;
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "flowline-notifications");
      thread.setDaemon(true);
      return thread;
    });
    long every = Math.max(50, properties.pollInterval().toMillis());
    scheduler.scheduleWithFixedDelay(this::sendDue, every, every, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return scheduler != null;
  }

  private record Due(long id, int ruleIndex, String url, String eventType, String payload, int attempts,
      long nextAttemptAt) {}

  /**
   * One round: the due deliveries, oldest first; the outbox id breaks ties, so the events of one transaction (a
   * stop's execution, stage and action events) are sent in the order they happened.
   */
  void sendDue() {
    try {
      long now = clock.millis();
      List<Due> due = jdbc.query("SELECT id, rule_index, url, event_type, payload, attempts, next_attempt_at "
              + "FROM flowline_notification_outbox WHERE status = 'Pending' AND next_attempt_at <= ? "
              + "ORDER BY status, next_attempt_at, id LIMIT " + BATCH,
          (rs, i) -> new Due(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
              rs.getInt(6), rs.getLong(7)), now);
      for (Due delivery : due) {
        long lease = now + properties.timeout().toMillis() * 2;
        if (jdbc.update("UPDATE flowline_notification_outbox SET next_attempt_at = ? WHERE id = ? "
            + "AND status = 'Pending' AND next_attempt_at = ?", lease, delivery.id(), delivery.nextAttemptAt()) == 1) {
          send(delivery);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Notification round failed: {}", e.getMessage());
    }
  }

  private void send(Due delivery) {
    List<NotificationProperties.Rule> rules = properties.rules();
    NotificationProperties.Rule rule = delivery.ruleIndex() < rules.size() ? rules.get(delivery.ruleIndex()) : null;
    String error;
    Integer status = null;
    if (rule == null || !delivery.url().equals(rule.url())) {
      error = "Its rule is no longer configured";
      finish(delivery, "GaveUp", delivery.attempts(), null, error);
      return;
    }
    try {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(delivery.url()))
          .timeout(properties.timeout())
          .header("Content-Type", "application/json")
          .header("User-Agent", "Flowline-Notifications")
          .header("X-Flowline-Event", delivery.eventType())
          .header("X-Flowline-Delivery", Long.toString(delivery.id()))
          .POST(HttpRequest.BodyPublishers.ofString(delivery.payload(), StandardCharsets.UTF_8));
      if (rule.secret() != null && !rule.secret().isEmpty()) {
        request.header("X-Flowline-Signature", "sha256=" + sign(rule.secret(), delivery.payload()));
      }
      HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
      status = response.statusCode();
      if (status / 100 == 2) {
        finish(delivery, "Delivered", delivery.attempts() + 1, status, null);
        return;
      }
      error = "HTTP " + status;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (Exception e) {
      error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
    int attempts = delivery.attempts() + 1;
    if (attempts >= properties.maxAttempts()) {
      LOG.warn("Gave up notification {} ({}) to {} after {} attempts: {}", delivery.id(), delivery.eventType(),
          delivery.url(), attempts, error);
      finish(delivery, "GaveUp", attempts, status, error);
    } else {
      long wait = properties.backoff().toMillis() << Math.min(attempts - 1, 20);
      jdbc.update("UPDATE flowline_notification_outbox SET attempts = ?, last_http_status = ?, last_error = ?, "
          + "next_attempt_at = ? WHERE id = ?", attempts, status, truncate(error), clock.millis() + wait, delivery.id());
    }
  }

  private void finish(Due delivery, String status, int attempts, Integer httpStatus, String error) {
    jdbc.update("UPDATE flowline_notification_outbox SET status = ?, attempts = ?, last_http_status = ?, "
        + "last_error = ?, finished_at = ? WHERE id = ?", status, attempts, httpStatus, truncate(error),
        clock.millis(), delivery.id());
  }

  /** Hex HMAC-SHA256 of {@code body} under {@code secret}. */
  public static String sign(String secret, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String truncate(String text) {
    return text == null || text.length() <= 1000 ? text : text.substring(0, 1000);
  }
}

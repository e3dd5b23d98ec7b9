package dev.flowline.triggers;

import java.time.Clock;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The webhook deliveries already acted on, by the provider's delivery id: a redelivery (GitHub's "Redeliver",
 * GitLab's retries) starts nothing new. The primary key decides, so two nodes receiving the same delivery at once
 * cannot both act on it.
 */
@Component
class WebhookDeliveries {
  private final JdbcTemplate jdbc;
  private final Clock clock;

  WebhookDeliveries(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
    this.clock = Clock.systemUTC();
  }

  /** True when this is the first time {@code key} is claimed. */
  boolean claim(String key) {
    try {
      jdbc.update("INSERT INTO flowline_webhook_delivery (delivery_key, received) VALUES (?, ?)", key, clock.millis());
      return true;
    } catch (DuplicateKeyException e) {
      return false;
    }
  }
}

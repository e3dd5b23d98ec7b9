package dev.flowline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowlineTest;
import dev.flowline.SharedTestServers;
import dev.flowline.execution.notify.NotificationDeliveries;
import dev.flowline.execution.notify.NotificationDeliveries.Delivery;
import dev.flowline.execution.notify.NotificationEvent;
import dev.flowline.execution.notify.NotificationOutbox;
import dev.flowline.execution.notify.NotificationProperties;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The notification outbox stays bounded: finished deliveries (Delivered, GaveUp) go after
 * {@code flowline.notifications.retention}, except each pipeline's newest ones, which the console's history shows;
 * a delivery still pending is never removed. The deliveries are queued by the real outbox and sent by the real
 * dispatcher to a local HTTP target ({@link SharedTestServers}, rule for {@code notify-retention-*}); time moves
 * with the engine's clock (ClockUtil), which Flowline's clock follows.
 */
@FlowlineTest
class NotificationRetentionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // a delivery whose execution id starts with "fail" is answered 503 until it is given up (max-attempts 3)
    SharedTestServers.notificationTargets().createContext("/retention", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      boolean fail = JSON.readTree(body).path("detail").path("execution-id").asText().startsWith("fail");
      exchange.sendResponseHeaders(fail ? 503 : 204, -1);
      exchange.close();
    });
  }

  @Autowired NotificationOutbox outbox;
  @Autowired NotificationDeliveries deliveries;
  @Autowired NotificationProperties properties;
  @Autowired RetentionCleanup cleanup;
  @Autowired JdbcTemplate jdbc;
  @Autowired PlatformTransactionManager transactionManager;

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  @DisplayName("finished deliveries older than the retention go, except each pipeline's newest 20; a pending one "
      + "stays however old; newer ones stay; two nodes cleaning at once delete each row once")
  void finishedDeliveriesGoAfterTheRetentionExceptTheNewestOfEachPipeline() throws Exception {
    assertThat(properties.retention()).as("default retention").isEqualTo(Duration.ofDays(30));
    assertThat(properties.keepPerPipeline()).as("default kept per pipeline: the console's page").isEqualTo(20);
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String old = "notify-retention-old-" + suffix;
    String recent = "notify-retention-new-" + suffix;

    ClockUtil.offset(-Duration.ofDays(40).toMillis());
    long pending = queuePendingForever(old);
    List<String> oldIds = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      oldIds.add((i < 3 ? "fail-" : "ok-") + i); // the three oldest finished ones are given up
      queue(old, oldIds.get(i));
    }
    awaitFinished(old, 25);
    ClockUtil.reset();
    for (int i = 0; i < 25; i++) {
      queue(recent, "ok-" + i);
    }
    awaitFinished(recent, 25);
    assertThat(deliveries.recent(old, 1000)).filteredOn(d -> d.status().equals("GaveUp")).hasSize(3);

    // two nodes at once: the deletes are idempotent, neither fails
    CompletableFuture<Integer> first = CompletableFuture.supplyAsync(cleanup::cleanUpNotifications);
    CompletableFuture<Integer> second = CompletableFuture.supplyAsync(cleanup::cleanUpNotifications);
    assertThat(first.get() + second.get()).as("rows deleted by both").isGreaterThanOrEqualTo(5);

    List<Delivery> kept = deliveries.recent(old, 1000);
    assertThat(kept).extracting(Delivery::executionId).as("the newest 20 of the old pipeline, and the pending one")
        .containsExactlyElementsOf(expectedKept(oldIds));
    assertThat(kept).filteredOn(d -> d.id() == pending).singleElement()
        .satisfies(d -> assertThat(d.status()).isEqualTo("Pending"));
    assertThat(kept).noneMatch(d -> d.status().equals("GaveUp"));
    assertThat(deliveries.recent(recent, 1000)).as("all within the retention").hasSize(25);
    cleanup.cleanUpNotifications();
    assertThat(deliveries.recent(old, 1000)).as("a second pass changes nothing").hasSize(21);

    ClockUtil.offset(Duration.ofDays(31).toMillis());
    cleanup.cleanUpNotifications();
    assertThat(deliveries.recent(recent, 1000)).as("past the retention: the newest 20").hasSize(20);
    jdbc.update("DELETE FROM flowline_notification_outbox WHERE id = ?", pending);
  }

  private static List<String> expectedKept(List<String> oldIds) {
    List<String> newestFirst = new ArrayList<>(oldIds.subList(5, 25));
    java.util.Collections.reverse(newestFirst);
    newestFirst.add("pending");
    return newestFirst;
  }

  private void queue(String pipeline, String executionId) {
    outbox.emit(new NotificationEvent(NotificationEvent.EXECUTION_STARTED, pipeline, 1, executionId, "STARTED", null,
        null, null, null, null, null));
  }

  /** A delivery still waiting for its next attempt, far in the future: the dispatcher never gets to it here. */
  private long queuePendingForever(String pipeline) {
    Long id = new TransactionTemplate(transactionManager).execute(status -> {
      queue(pipeline, "pending");
      Long queued = jdbc.queryForObject("SELECT MAX(id) FROM flowline_notification_outbox WHERE pipeline_name = ?",
          Long.class, pipeline);
      jdbc.update("UPDATE flowline_notification_outbox SET next_attempt_at = ? WHERE id = ?", Long.MAX_VALUE / 2,
          queued);
      return queued;
    });
    return id == null ? -1 : id;
  }

  private void awaitFinished(String pipeline, int count) {
    await().atMost(Duration.ofSeconds(60)).until(() -> deliveries.recent(pipeline, 1000).stream()
        .filter(d -> !d.status().equals("Pending")).count() == count);
  }
}

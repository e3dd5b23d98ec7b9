package dev.flowline.triggers;

import dev.flowline.connections.Connection;
import dev.flowline.connections.ConnectionStore;
import dev.flowline.connections.ProviderType.WebhookDialect;
import dev.flowline.triggers.CodeCommitPushTriggers.StartedExecution;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The webhook receiver of a connection: {@code POST /webhooks/connections/{connectionId}}, the URL to enter in
 * GitHub's, GitLab's or Bitbucket's webhook settings (answered by the token call). Not behind a login — the
 * providers cannot log in — so every delivery is verified first, the provider's way, with the connection's
 * webhook secret ({@link ProviderWebhooks}) over the body exactly as received; only then is the body decoded
 * (GitHub's form-encoded option) and parsed. Answers:
 * <ul>
 *   <li>{@code 401}: no webhook secret on the connection, unsigned or wrongly signed — nothing started;</li>
 *   <li>{@code 404}: no such connection;</li>
 *   <li>{@code 400}: a verified body that is not the provider's JSON (or a form without its {@code payload});</li>
 *   <li>{@code 200} {@code {"duplicate": true}}: a delivery id already acted on — nothing started;</li>
 *   <li>{@code 202} {@code {"started": [...]}}: what the event started (nothing for an unknown repository or an
 *       ignored event).</li>
 * </ul>
 * The log line names the connection, event kind and delivery id, never a header value or the body.
 */
@RestController
class WebhookReceiver {
  static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
  private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

  private final ConnectionStore store;
  private final ConnectionTriggers triggers;
  private final WebhookDeliveries deliveries;

  WebhookReceiver(ConnectionStore store, ConnectionTriggers triggers, WebhookDeliveries deliveries) {
    this.store = store;
    this.triggers = triggers;
    this.deliveries = deliveries;
  }

  @PostMapping("/webhooks/connections/{connectionId}")
  ResponseEntity<Map<String, Object>> deliver(@PathVariable String connectionId, HttpServletRequest request)
      throws IOException {
    Optional<Connection> connection = ID.matcher(connectionId).matches()
        ? store.connectionById(connectionId) : Optional.empty();
    if (connection.isEmpty()) {
      return answer(HttpStatus.NOT_FOUND, "message", "No webhook here");
    }
    if (request.getContentLengthLong() > MAX_BODY_BYTES) {
      return answer(HttpStatus.PAYLOAD_TOO_LARGE, "message", "The payload exceeds " + MAX_BODY_BYTES + " bytes");
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      return answer(HttpStatus.PAYLOAD_TOO_LARGE, "message", "The payload exceeds " + MAX_BODY_BYTES + " bytes");
    }
    WebhookDialect dialect = connection.get().providerType().dialect();
    Function<String, String> header = request::getHeader;
    Optional<String> secret = store.webhookSecret(connectionId);
    if (secret.isEmpty() || !ProviderWebhooks.verified(dialect, header, body, secret.get())) {
      log.info("Webhook for connection {} refused: {}", connectionId,
          secret.isEmpty() ? "the connection has no webhook secret" : "unsigned or wrongly signed");
      return answer(HttpStatus.UNAUTHORIZED, "message", "The delivery is not signed with this connection's webhook secret");
    }
    WebhookEvent event;
    try {
      event = ProviderWebhooks.parse(dialect, header, ProviderWebhooks.json(request.getContentType(), body));
    } catch (ProviderWebhooks.MalformedPayload e) {
      return answer(HttpStatus.BAD_REQUEST, "message", e.getMessage());
    }
    Optional<String> deliveryId = ProviderWebhooks.deliveryId(dialect, header);
    if (event instanceof WebhookEvent.Ignored ignored) {
      log.info("Webhook for connection {} delivery={} ignored: {}", connectionId, deliveryId.orElse("-"), ignored.why());
      return answer(HttpStatus.OK, "ignored", ignored.why());
    }
    if (deliveryId.isPresent() && !deliveries.claim(connectionId + "/" + deliveryId.get())) {
      log.info("Webhook for connection {} delivery={} was delivered before: nothing started", connectionId,
          deliveryId.get());
      return answer(HttpStatus.OK, "duplicate", true);
    }
    List<StartedExecution> started = triggers.delivered(connection.get(), event);
    log.info("Webhook for connection {} delivery={} {} of {}: started {}", connectionId, deliveryId.orElse("-"),
        event.getClass().getSimpleName(), event.repository(), started.size());
    return answer(HttpStatus.ACCEPTED, "started", started.stream().map(s -> Map.of("pipelineName", s.pipelineName(),
        "pipelineExecutionId", s.pipelineExecutionId(), "triggerType", s.triggerType())).toList());
  }

  private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String member, Object value) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(member, value);
    return ResponseEntity.status(status).body(body);
  }
}

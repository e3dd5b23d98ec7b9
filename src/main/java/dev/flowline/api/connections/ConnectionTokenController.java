package dev.flowline.api.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.connections.Connection;
import dev.flowline.connections.ConnectionStore;
import dev.flowline.engine.AccessControl;
import dev.flowline.engine.Permission;
import dev.flowline.pipeline.CodePipelineException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Flowline's way to complete a connection, where AWS has a browser handshake:
 * {@code PUT /flowline/connections/{connectionId}/token} with {@code {"token": "...", "user": "...",
 * "webhookSecret": "..."}} ({@code user} and {@code webhookSecret} optional). The caller is logged in by
 * Camunda's HTTP Basic filter (as on every {@code /flowline/*} path) and needs {@link Permission#EDIT}; the
 * token is stored encrypted and the connection becomes AVAILABLE. The answer is the connection's ARN, status
 * and webhook receiver URL, never the token or the secret. Neither is logged: only the connection id and who.
 */
@RestController
class ConnectionTokenController {
  private static final Logger log = LoggerFactory.getLogger(ConnectionTokenController.class);
  private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final int MAX_SECRET = 4096;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ConnectionStore store;
  private final AccessControl access;

  ConnectionTokenController(ConnectionStore store, AccessControl access) {
    this.store = store;
    this.access = access;
  }

  @PutMapping(path = "/flowline/connections/{connectionId}/token", produces = MediaType.APPLICATION_JSON_VALUE)
  ResponseEntity<Map<String, String>> complete(@PathVariable String connectionId, @RequestBody(required = false) byte[] body) {
    String user = access.currentUser().orElse(null);
    if (user == null || !access.permits(user, Permission.EDIT)) {
      return error(HttpStatus.FORBIDDEN, "AccessDeniedException",
          "Giving a connection its token needs the editors' role (or administrators')");
    }
    if (!ID.matcher(connectionId).matches()) {
      return error(HttpStatus.BAD_REQUEST, "ValidationException", "Not a connection id: the UUID at the end of the "
          + "connection's ARN (arn:aws:codeconnections:...:connection/<id>)");
    }
    JsonNode input;
    try {
      input = body == null || body.length == 0 ? null : JSON.readTree(body);
    } catch (IOException e) {
      input = null;
    }
    if (input == null || !input.path("token").isTextual() || input.path("token").asText().isBlank()) {
      return error(HttpStatus.BAD_REQUEST, "ValidationException",
          "The body must be JSON with a non-empty string member \"token\" (and optionally \"user\", \"webhookSecret\")");
    }
    for (String member : new String[] {"token", "user", "webhookSecret"}) {
      JsonNode value = input.path(member);
      if (!value.isMissingNode() && !value.isNull() && (!value.isTextual() || value.asText().length() > MAX_SECRET
          || value.asText().chars().anyMatch(Character::isISOControl))) {
        return error(HttpStatus.BAD_REQUEST, "ValidationException", "\"" + member + "\" must be a string of at most "
            + MAX_SECRET + " characters without control characters");
      }
    }
    Connection connection;
    try {
      connection = store.complete(connectionId, text(input, "user"), input.path("token").asText(),
          text(input, "webhookSecret"));
    } catch (CodePipelineException e) {
      return error(e.errorType().equals("ResourceNotFoundException") ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST,
          e.errorType(), e.getMessage());
    }
    log.info("Connection {} ({}) was given a token by {}: {}", connection.id(), connection.name(), user,
        connection.status());
    Map<String, String> output = new LinkedHashMap<>();
    output.put("ConnectionArn", connection.arn());
    output.put("ConnectionStatus", connection.status());
    output.put("WebhookUrl", ServletUriComponentsBuilder.fromCurrentContextPath()
        .path("/webhooks/connections/" + connection.id()).toUriString());
    return ResponseEntity.ok(output);
  }

  private static String text(JsonNode input, String member) {
    JsonNode value = input.path(member);
    return value.isTextual() ? value.asText() : null;
  }

  private static ResponseEntity<Map<String, String>> error(HttpStatus status, String type, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("__type", type);
    body.put("message", message);
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
  }
}

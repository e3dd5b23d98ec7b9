package dev.flowline.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import dev.flowline.connections.TokenCipher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * CodePipeline's V1 webhooks (PutWebhook, ListWebhooks, DeleteWebhook): definitions by name, each with a URL
 * ({@code /webhooks/pipeline/<random token>}) that starts its pipeline when a POST passes its authentication and
 * JSONPath filters ({@link PipelineWebhookReceiver}). A GITHUB_HMAC {@code SecretToken} is stored encrypted and
 * never answered.
 */
public class PipelineWebhooks {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcTemplate jdbc;
  private final TokenCipher cipher;
  private final Clock clock;

  public PipelineWebhooks(JdbcTemplate jdbc, TokenCipher cipher, Clock clock) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.clock = clock;
  }

  /**
   * One webhook.
   *
   * @param definition the WebhookDefinition, {@code SecretToken} removed
   */
  public record Webhook(String name, String pipelineName, JsonNode definition, String urlToken, Long lastTriggered) {

    public String authentication() {
      return definition.path("authentication").asText();
    }
  }

  /** Creates or replaces {@code definition.name}; the URL of an existing webhook is kept. */
  public Webhook put(JsonNode definition) {
    ObjectNode stored = definition.deepCopy();
    String name = stored.path("name").asText();
    String secret = stored.path("authenticationConfiguration").path("SecretToken").textValue();
    if (stored.path("authenticationConfiguration") instanceof ObjectNode configuration) {
      configuration.remove("SecretToken");
    }
    Optional<Webhook> existing = find(name);
    String urlToken = existing.map(Webhook::urlToken).orElseGet(() -> HexFormat.of().formatHex(randomBytes()));
    String ciphertext = secret == null ? null : cipher.encrypt(secret, "webhook/" + name);
    if (existing.isPresent()) {
      jdbc.update("UPDATE flowline_pipeline_webhook SET pipeline_name = ?, definition = ?, secret_ciphertext = ? "
          + "WHERE name = ?", stored.path("targetPipeline").asText(), stored.toString(), ciphertext, name);
    } else {
      jdbc.update("INSERT INTO flowline_pipeline_webhook (name, pipeline_name, definition, secret_ciphertext, "
          + "url_token, created) VALUES (?, ?, ?, ?, ?, ?)", name, stored.path("targetPipeline").asText(),
          stored.toString(), ciphertext, urlToken, clock.millis());
    }
    return find(name).orElseThrow();
  }

  public Optional<Webhook> find(String name) {
    return jdbc.query("SELECT name, pipeline_name, definition, url_token, last_triggered FROM flowline_pipeline_webhook "
        + "WHERE name = ?", row(), name).stream().findFirst();
  }

  public Optional<Webhook> byUrlToken(String urlToken) {
    return jdbc.query("SELECT name, pipeline_name, definition, url_token, last_triggered FROM flowline_pipeline_webhook "
        + "WHERE url_token = ?", row(), urlToken).stream().findFirst();
  }

  public List<Webhook> list() {
    return jdbc.query("SELECT name, pipeline_name, definition, url_token, last_triggered FROM flowline_pipeline_webhook "
        + "ORDER BY name", row());
  }

  /** True when there was one. */
  public boolean delete(String name) {
    return jdbc.update("DELETE FROM flowline_pipeline_webhook WHERE name = ?", name) > 0;
  }

  public Optional<String> secret(String name) {
    return jdbc.query("SELECT secret_ciphertext FROM flowline_pipeline_webhook WHERE name = ?",
            (rs, i) -> rs.getString(1), name).stream().filter(v -> v != null).findFirst()
        .map(v -> cipher.decrypt(v, "webhook/" + name));
  }

  void triggered(String name) {
    jdbc.update("UPDATE flowline_pipeline_webhook SET last_triggered = ? WHERE name = ?", clock.millis(), name);
  }

  /** Whether {@code jsonPath} is one the JSONPath library can evaluate. */
  public static boolean validJsonPath(String jsonPath) {
    try {
      JsonPath.compile(jsonPath);
      return true;
    } catch (InvalidPathException | IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether {@code range} is a CIDR block of IP literals, such as {@code 192.0.2.0/24}. */
  public static boolean validIpRange(String range) {
    return PipelineWebhookReceiver.validRange(range);
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[20];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  private static RowMapper<Webhook> row() {
    return (rs, i) -> {
      try {
        long last = rs.getLong(5);
        return new Webhook(rs.getString(1), rs.getString(2), JSON.readTree(rs.getString(3)), rs.getString(4),
            rs.wasNull() ? null : last);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }
}

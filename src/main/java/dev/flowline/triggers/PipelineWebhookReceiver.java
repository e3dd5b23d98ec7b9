package dev.flowline.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import dev.flowline.connections.ProviderType.WebhookDialect;
import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.StartRequest;
import dev.flowline.execution.PipelineQueries;
import dev.flowline.pipeline.ActionDeclaration;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The URL of a V1 webhook (PutWebhook): {@code POST /webhooks/pipeline/<token>}. Not behind a login (the sender
 * is GitHub or any system); the webhook's own authentication decides: {@code GITHUB_HMAC} (GitHub's
 * {@code X-Hub-Signature-256}, or the older SHA-1 {@code X-Hub-Signature}, with the webhook's SecretToken),
 * {@code IP} (the caller's address within {@code AllowedIPRange}), or {@code UNAUTHENTICATED} (anyone who knows the
 * URL), judged on the body exactly as received; a body sent as {@code application/x-www-form-urlencoded}
 * (GitHub's other content type) is then read from its {@code payload} field. Then every filter must pass: its
 * JSONPath (the JsonPath library AWS names) must select a value, equal to {@code matchEquals} when given, where
 * {@code {Key}} stands for the target action's configuration value ({@code refs/heads/{Branch}}). A pass starts
 * the pipeline (trigger {@code Webhook}, detail the webhook's ARN); a GitHub delivery id is acted on once.
 */
@RestController
class PipelineWebhookReceiver {
  private static final Logger log = LoggerFactory.getLogger(PipelineWebhookReceiver.class);
  private static final com.fasterxml.jackson.databind.ObjectMapper STRICT = new com.fasterxml.jackson.databind.ObjectMapper();
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)\\}");

  private final PipelineWebhooks webhooks;
  private final PipelineQueries pipelines;
  private final ExecutionService executions;
  private final WebhookDeliveries deliveries;
  private final String arnPrefix;

  PipelineWebhookReceiver(PipelineWebhooks webhooks, PipelineQueries pipelines, ExecutionService executions,
      WebhookDeliveries deliveries, dev.flowline.api.ApiProperties properties) {
    this.webhooks = webhooks;
    this.pipelines = pipelines;
    this.executions = executions;
    this.deliveries = deliveries;
    this.arnPrefix = "arn:aws:codepipeline:" + properties.region() + ":" + properties.accountId() + ":webhook:";
  }

  @PostMapping("/webhooks/pipeline/{token}")
  ResponseEntity<Map<String, Object>> deliver(@PathVariable String token, HttpServletRequest request)
      throws IOException {
    Optional<PipelineWebhooks.Webhook> found = token.matches("[0-9a-f]{40}") ? webhooks.byUrlToken(token) : Optional.empty();
    if (found.isEmpty()) {
      return answer(HttpStatus.NOT_FOUND, "message", "No webhook here");
    }
    PipelineWebhooks.Webhook webhook = found.get();
    if (request.getContentLengthLong() > WebhookReceiver.MAX_BODY_BYTES) {
      return answer(HttpStatus.PAYLOAD_TOO_LARGE, "message", "The payload is too large");
    }
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      body = in.readNBytes(WebhookReceiver.MAX_BODY_BYTES + 1);
    }
    if (body.length > WebhookReceiver.MAX_BODY_BYTES) {
      return answer(HttpStatus.PAYLOAD_TOO_LARGE, "message", "The payload is too large");
    }
    if (!authenticated(webhook, request, body)) {
      log.info("V1 webhook {} refused: authentication {} failed", webhook.name(), webhook.authentication());
      return answer(HttpStatus.UNAUTHORIZED, "message", "The request does not pass the webhook's authentication");
    }
    byte[] json;
    try {
      json = ProviderWebhooks.json(request.getContentType(), body);
    } catch (ProviderWebhooks.MalformedPayload e) {
      return answer(HttpStatus.BAD_REQUEST, "message", e.getMessage());
    }
    String text = new String(json, StandardCharsets.UTF_8);
    Object document;
    try {
      // strict JSON first: the JSONPath library's own parser accepts text that is not JSON
      JsonNode strict = STRICT.readTree(json);
      if (strict == null || !strict.isContainerNode()) {
        return answer(HttpStatus.BAD_REQUEST, "message", "The payload is not a JSON object or array");
      }
      document = com.jayway.jsonpath.Configuration.defaultConfiguration().jsonProvider().parse(text);
    } catch (IOException | RuntimeException e) {
      return answer(HttpStatus.BAD_REQUEST, "message", "The payload is not JSON");
    }
    Map<String, String> configuration = targetConfiguration(webhook);
    for (JsonNode filter : webhook.definition().path("filters")) {
      if (!passes(document, filter, configuration)) {
        log.info("V1 webhook {}: filter {} does not match, nothing started", webhook.name(),
            filter.path("jsonPath").asText());
        return answer(HttpStatus.OK, "ignored", "filter " + filter.path("jsonPath").asText() + " does not match");
      }
    }
    Optional<String> delivery = ProviderWebhooks.deliveryId(WebhookDialect.GITHUB, request::getHeader);
    if (delivery.isPresent() && !deliveries.claim("webhook/" + webhook.name() + "/" + delivery.get())) {
      return answer(HttpStatus.OK, "duplicate", true);
    }
    String executionId = executions.start(webhook.pipelineName(),
        new StartRequest(Map.of(), null, List.of(), "Webhook", arnPrefix + webhook.name()));
    webhooks.triggered(webhook.name());
    log.info("V1 webhook {} started pipeline={} execution={}", webhook.name(), webhook.pipelineName(), executionId);
    return answer(HttpStatus.ACCEPTED, "pipelineExecutionId", executionId);
  }

  private boolean authenticated(PipelineWebhooks.Webhook webhook, HttpServletRequest request, byte[] body) {
    return switch (webhook.authentication()) {
      case "UNAUTHENTICATED" -> true;
      case "IP" -> inRange(request.getRemoteAddr(),
          webhook.definition().path("authenticationConfiguration").path("AllowedIPRange").asText(""));
      case "GITHUB_HMAC" -> webhooks.secret(webhook.name()).map(secret -> {
        String sha256 = request.getHeader("X-Hub-Signature-256");
        if (sha256 != null) {
          return ProviderWebhooks.verified(WebhookDialect.GITHUB, request::getHeader, body, secret);
        }
        String sha1 = request.getHeader("X-Hub-Signature");
        return sha1 != null && MessageDigest.isEqual(sha1.strip().getBytes(StandardCharsets.US_ASCII),
            ("sha1=" + hmacSha1(body, secret)).getBytes(StandardCharsets.US_ASCII));
      }).orElse(false);
      default -> false;
    };
  }

  private static boolean passes(Object document, JsonNode filter, Map<String, String> configuration) {
    Object selected;
    try {
      selected = JsonPath.read(document, filter.path("jsonPath").asText());
    } catch (PathNotFoundException e) {
      return false;
    } catch (RuntimeException e) {
      return false;
    }
    if (selected == null) {
      return false;
    }
    String expected = filter.path("matchEquals").textValue();
    if (expected == null) {
      return !(selected instanceof Collection<?> list) || !list.isEmpty();
    }
    Matcher placeholders = PLACEHOLDER.matcher(expected);
    StringBuilder resolved = new StringBuilder();
    while (placeholders.find()) {
      placeholders.appendReplacement(resolved,
          Matcher.quoteReplacement(configuration.getOrDefault(placeholders.group(1), placeholders.group())));
    }
    placeholders.appendTail(resolved);
    String want = resolved.toString();
    if (selected instanceof Collection<?> list) {
      return list.stream().anyMatch(item -> want.equals(String.valueOf(item)));
    }
    return want.equals(String.valueOf(selected));
  }

  private Map<String, String> targetConfiguration(PipelineWebhooks.Webhook webhook) {
    String action = webhook.definition().path("targetAction").asText();
    return pipelines.find(webhook.pipelineName(), null)
        .flatMap(p -> p.declaration().stagesOrEmpty().stream().flatMap(s -> s.actionsOrEmpty().stream())
            .filter(a -> action.equals(a.name())).findFirst())
        .map(ActionDeclaration::configurationOrEmpty).orElse(Map.of());
  }

  /** Whether {@code address} lies in the CIDR block {@code range} ({@code 10.0.0.0/8}, {@code ::1/128}). */
  static boolean inRange(String address, String range) {
    try {
      String[] parts = range.strip().split("/", 2);
      byte[] network = InetAddress.getByName(parts[0]).getAddress();
      byte[] candidate = InetAddress.getByName(address).getAddress();
      int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
      if (network.length != candidate.length || bits < 0 || bits > network.length * 8) {
        return false;
      }
      BigInteger mask = bits == 0 ? BigInteger.ZERO
          : BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE).shiftLeft(network.length * 8 - bits);
      return new BigInteger(1, network).and(mask).equals(new BigInteger(1, candidate).and(mask));
    } catch (UnknownHostException | NumberFormatException e) {
      return false;
    }
  }

  /** Whether {@code range} is a CIDR block of IP literals (no host names are resolved). */
  static boolean validRange(String range) {
    return range != null && range.matches("[0-9a-fA-F:.]+(/\\d{1,3})?") && inRange(range.split("/")[0], range);
  }

  private static String hmacSha1(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 is not available", e);
    }
  }

  private static ResponseEntity<Map<String, Object>> answer(HttpStatus status, String member, Object value) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put(member, value);
    return ResponseEntity.status(status).body(body);
  }
}

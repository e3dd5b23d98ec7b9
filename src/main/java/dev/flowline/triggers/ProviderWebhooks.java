package dev.flowline.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.connections.ProviderType.WebhookDialect;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.util.MultiValueMap;

/**
 * The three providers' webhook dialects: how a delivery proves it comes from the provider, what its delivery id
 * is, and what its push and pull-request payloads say. Shapes as the providers document them:
 * <ul>
 *   <li>GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}, {@code X-GitHub-Event}
 *       ({@code push}, {@code pull_request}, {@code ping}), {@code X-GitHub-Delivery};</li>
 *   <li>GitLab: {@code X-Gitlab-Token: <the secret>}, {@code X-Gitlab-Event} ({@code Push Hook},
 *       {@code Tag Push Hook}, {@code Merge Request Hook}), {@code X-Gitlab-Event-UUID};</li>
 *   <li>Bitbucket Cloud: {@code X-Hub-Signature: sha256=<hex HMAC-SHA256>}, {@code X-Event-Key}
 *       ({@code repo:push}, {@code pullrequest:created|updated|fulfilled|rejected}), {@code X-Request-UUID}.</li>
 * </ul>
 * GitHub may also send a delivery as {@code application/x-www-form-urlencoded}: the JSON is then the
 * {@code payload} field, and the signature is over the encoded body as sent ({@link #json}).
 * Signatures are compared in constant time. Nothing here logs a header or the body.
 */
public final class ProviderWebhooks {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ZERO = "0000000000000000000000000000000000000000";
  /** GitHub lists at most 2048 commits of a push, GitLab 20: more means the list was cut. */
  private static final int GITHUB_MAX_COMMITS = 2048;

  private ProviderWebhooks() {}

  /** A delivery that is not valid JSON or lacks what its event must have: answered 400. */
  public static final class MalformedPayload extends Exception {
    MalformedPayload(String message) {
      super(message, null, false, false);
    }
  }

  /** Whether the delivery carries the provider's proof of {@code secret} over {@code body}. */
  public static boolean verified(WebhookDialect dialect, Function<String, String> header, byte[] body, String secret) {
    return switch (dialect) {
      case GITHUB -> signatureMatches(header.apply("X-Hub-Signature-256"), body, secret);
      case BITBUCKET -> signatureMatches(header.apply("X-Hub-Signature"), body, secret);
      case GITLAB -> header.apply("X-Gitlab-Token") != null && MessageDigest.isEqual(
          header.apply("X-Gitlab-Token").getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
    };
  }

  /** {@code sha256=} and the hex HMAC-SHA256 of {@code body} under {@code secret}. */
  public static String signature(byte[] body, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static boolean signatureMatches(String given, byte[] body, String secret) {
    return given != null && MessageDigest.isEqual(given.strip().toLowerCase().getBytes(StandardCharsets.US_ASCII),
        signature(body, secret).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The JSON of a delivery, to be called only after it was verified over the raw {@code body}: the body itself,
   * or, when {@code contentType} is {@code application/x-www-form-urlencoded} (GitHub's other content type), its
   * {@code payload} field, form-decoded by Spring's {@link FormHttpMessageConverter} (the JDK's URLDecoder).
   *
   * @throws MalformedPayload for a form that cannot be decoded or has no single, non-empty {@code payload}
   */
  public static byte[] json(String contentType, byte[] body) throws MalformedPayload {
    MediaType type;
    try {
      type = contentType == null ? null : MediaType.parseMediaType(contentType);
    } catch (InvalidMediaTypeException e) {
      type = null;
    }
    if (type == null || !MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(type)) {
      return body;
    }
    MultiValueMap<String, String> form;
    try {
      form = new FormHttpMessageConverter().read(null, formMessage(type, body));
    } catch (HttpMessageNotReadableException | IllegalArgumentException | IOException e) {
      throw new MalformedPayload("The body is not valid application/x-www-form-urlencoded");
    }
    List<String> payload = form.get("payload");
    if (payload == null || payload.size() != 1 || payload.get(0) == null || payload.get(0).isEmpty()) {
      throw new MalformedPayload("A form-encoded delivery needs one 'payload' field holding the JSON");
    }
    return payload.get(0).getBytes(StandardCharsets.UTF_8);
  }

  private static HttpInputMessage formMessage(MediaType type, byte[] body) {
    HttpHeaders headers = new HttpHeaders();
    headers.setContentType(type);
    return new HttpInputMessage() {
      @Override
      public InputStream getBody() {
        return new ByteArrayInputStream(body);
      }

      @Override
      public HttpHeaders getHeaders() {
        return headers;
      }
    };
  }

  /** The provider's id of this delivery, the same on a redelivery; empty when it sent none. */
  public static Optional<String> deliveryId(WebhookDialect dialect, Function<String, String> header) {
    String id = switch (dialect) {
      case GITHUB -> header.apply("X-GitHub-Delivery");
      case GITLAB -> Optional.ofNullable(header.apply("X-Gitlab-Event-UUID")).orElse(header.apply("Idempotency-Key"));
      case BITBUCKET -> header.apply("X-Request-UUID");
    };
    return Optional.ofNullable(id).map(String::strip).filter(s -> !s.isEmpty() && s.length() <= 200);
  }

  /** What the (verified) delivery says. */
  public static WebhookEvent parse(WebhookDialect dialect, Function<String, String> header, byte[] body)
      throws MalformedPayload {
    JsonNode payload;
    try {
      payload = JSON.readTree(body);
    } catch (IOException e) {
      throw new MalformedPayload("The payload is not JSON");
    }
    if (payload == null || !payload.isObject()) {
      throw new MalformedPayload("The payload is not a JSON object");
    }
    return switch (dialect) {
      case GITHUB -> gitHub(header.apply("X-GitHub-Event"), payload);
      case GITLAB -> gitLab(header.apply("X-Gitlab-Event"), payload);
      case BITBUCKET -> bitbucket(header.apply("X-Event-Key"), payload);
    };
  }

  private static WebhookEvent gitHub(String event, JsonNode payload) throws MalformedPayload {
    String repository = payload.path("repository").path("full_name").textValue();
    if ("ping".equals(event)) {
      return new WebhookEvent.Ignored(repository, "ping");
    }
    if ("push".equals(event)) {
      String ref = required(payload, "ref");
      String after = required(payload, "after");
      boolean deleted = payload.path("deleted").asBoolean(false) || ZERO.equals(after);
      String commit = deleted ? null : Optional.ofNullable(payload.path("head_commit").path("id").textValue()).orElse(after);
      JsonNode commits = payload.path("commits");
      Set<String> files = commits.isArray() && commits.size() > 0 && commits.size() < GITHUB_MAX_COMMITS
          ? files(commits) : null;
      return new WebhookEvent.Push(requireRepository(repository), ref, payload.path("before").textValue(), commit, files);
    }
    if ("pull_request".equals(event)) {
      JsonNode pr = payload.path("pull_request");
      PullRequestEvent.Kind kind = switch (payload.path("action").asText()) {
        case "opened", "reopened" -> PullRequestEvent.Kind.OPEN;
        case "synchronize" -> PullRequestEvent.Kind.UPDATED;
        case "closed" -> PullRequestEvent.Kind.CLOSED;
        default -> null;
      };
      if (kind == null) {
        return new WebhookEvent.Ignored(repository, "pull_request " + payload.path("action").asText());
      }
      return new WebhookEvent.PullRequest(requireRepository(repository), kind,
          String.valueOf(payload.path("number").asLong(pr.path("number").asLong())),
          required(pr.path("head"), "ref"), required(pr.path("base"), "ref"), required(pr.path("head"), "sha"));
    }
    return new WebhookEvent.Ignored(repository, "event " + event);
  }

  private static WebhookEvent gitLab(String event, JsonNode payload) throws MalformedPayload {
    String repository = payload.path("project").path("path_with_namespace").textValue();
    if ("Push Hook".equals(event) || "Tag Push Hook".equals(event)) {
      String ref = required(payload, "ref");
      String after = required(payload, "after");
      String checkout = payload.path("checkout_sha").textValue();
      String commit = ZERO.equals(after) ? null : checkout != null ? checkout : after;
      JsonNode commits = payload.path("commits");
      boolean complete = commits.isArray() && commits.size() > 0
          && payload.path("total_commits_count").asInt(commits.size()) <= commits.size();
      return new WebhookEvent.Push(requireRepository(repository), ref, payload.path("before").textValue(), commit,
          complete ? files(commits) : null);
    }
    if ("Merge Request Hook".equals(event)) {
      JsonNode mr = payload.path("object_attributes");
      PullRequestEvent.Kind kind = switch (mr.path("action").asText()) {
        case "open", "reopen" -> PullRequestEvent.Kind.OPEN;
        case "update" -> mr.has("oldrev") ? PullRequestEvent.Kind.UPDATED : null;
        case "close", "merge" -> PullRequestEvent.Kind.CLOSED;
        default -> null;
      };
      if (kind == null) {
        return new WebhookEvent.Ignored(repository, "merge request " + mr.path("action").asText());
      }
      return new WebhookEvent.PullRequest(requireRepository(repository), kind, mr.path("iid").asText(),
          required(mr, "source_branch"), required(mr, "target_branch"), required(mr.path("last_commit"), "id"));
    }
    return new WebhookEvent.Ignored(repository, "event " + event);
  }

  private static WebhookEvent bitbucket(String event, JsonNode payload) throws MalformedPayload {
    String repository = payload.path("repository").path("full_name").textValue();
    if ("repo:push".equals(event)) {
      JsonNode changes = payload.path("push").path("changes");
      if (!changes.isArray() || changes.isEmpty()) {
        throw new MalformedPayload("A repo:push payload needs push.changes");
      }
      // one delivery may carry several ref changes; Flowline acts on the first, as Bitbucket sends one per ref
      JsonNode change = changes.get(0);
      JsonNode target = change.path("new").isObject() ? change.path("new") : change.path("old");
      String prefix = "tag".equals(target.path("type").asText()) ? "refs/tags/" : "refs/heads/";
      String name = required(target, "name");
      String commit = change.path("new").isObject() ? required(change.path("new").path("target"), "hash") : null;
      return new WebhookEvent.Push(requireRepository(repository), prefix + name,
          change.path("old").path("target").path("hash").textValue(), commit, null);
    }
    if (event != null && event.startsWith("pullrequest:")) {
      JsonNode pr = payload.path("pullrequest");
      PullRequestEvent.Kind kind = switch (event) {
        case "pullrequest:created" -> PullRequestEvent.Kind.OPEN;
        case "pullrequest:updated" -> PullRequestEvent.Kind.UPDATED;
        case "pullrequest:fulfilled", "pullrequest:rejected" -> PullRequestEvent.Kind.CLOSED;
        default -> null;
      };
      if (kind == null) {
        return new WebhookEvent.Ignored(repository, event);
      }
      return new WebhookEvent.PullRequest(requireRepository(repository), kind, pr.path("id").asText(),
          required(pr.path("source").path("branch"), "name"), required(pr.path("destination").path("branch"), "name"),
          required(pr.path("source").path("commit"), "hash"));
    }
    return new WebhookEvent.Ignored(repository, "event " + event);
  }

  private static Set<String> files(JsonNode commits) {
    Set<String> files = new LinkedHashSet<>();
    for (JsonNode commit : commits) {
      for (String kind : new String[] {"added", "modified", "removed"}) {
        commit.path(kind).forEach(path -> files.add(path.asText()));
      }
    }
    return files;
  }

  private static String required(JsonNode node, String member) throws MalformedPayload {
    JsonNode value = node.path(member);
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new MalformedPayload("The payload has no '" + member + "'");
    }
    return value.asText();
  }

  private static String requireRepository(String repository) throws MalformedPayload {
    if (repository == null || repository.isEmpty()) {
      throw new MalformedPayload("The payload names no repository");
    }
    return repository;
  }
}

package dev.flowline.triggers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * GitHub's REST API for repository webhooks, as RegisterWebhookWithThirdParty and DeregisterWebhookWithThirdParty
 * use it: {@code POST /repos/{owner}/{repo}/hooks} (201; 422 "Hook already exists" counts as registered),
 * {@code GET /repos/{owner}/{repo}/hooks} and {@code DELETE /repos/{owner}/{repo}/hooks/{id}} (204). The API base
 * is {@code https://api.github.com}, or a GitHub Enterprise Server's {@code https://<host>/api/v3}. The token goes
 * only into the {@code Authorization} header; errors carry GitHub's status and {@code message}, never the token.
 */
public class GitHubHooks {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String apiBase;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public GitHubHooks(String apiBase) {
    this.apiBase = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
  }

  /** What GitHub answered when it refused. */
  public static final class Refused extends Exception {
    public Refused(String message) {
      super(message);
    }
  }

  /** Registers a push hook to {@code url} (with {@code secret} when not null); true when created, false when it existed. */
  public boolean register(String owner, String repo, String token, String url, String secret) throws Refused {
    ObjectNode body = JSON.createObjectNode().put("name", "web").put("active", true);
    body.putArray("events").add("push");
    ObjectNode config = body.putObject("config").put("url", url).put("content_type", "json").put("insecure_ssl", "0");
    if (secret != null) {
      config.put("secret", secret);
    }
    HttpResponse<String> response = send(token, HttpRequest.newBuilder(hooks(owner, repo, ""))
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/json"));
    if (response.statusCode() == 201) {
      return true;
    }
    if (response.statusCode() == 422 && response.body().contains("Hook already exists")) {
      return false;
    }
    throw refused("POST", owner, repo, response);
  }

  /** Deletes the repository's hooks that deliver to {@code url}; answers how many. */
  public int deregister(String owner, String repo, String token, String url) throws Refused {
    HttpResponse<String> list = send(token, HttpRequest.newBuilder(hooks(owner, repo, "?per_page=100")).GET());
    if (list.statusCode() != 200) {
      throw refused("GET", owner, repo, list);
    }
    int deleted = 0;
    for (JsonNode hook : parse(list.body())) {
      if (url.equals(hook.path("config").path("url").asText()) && hook.path("id").canConvertToLong()) {
        HttpResponse<String> delete = send(token,
            HttpRequest.newBuilder(hooks(owner, repo, "/" + hook.path("id").asLong())).DELETE());
        if (delete.statusCode() != 204 && delete.statusCode() != 404) {
          throw refused("DELETE", owner, repo, delete);
        }
        deleted++;
      }
    }
    return deleted;
  }

  private URI hooks(String owner, String repo, String tail) {
    return URI.create(apiBase + "/repos/" + URLEncoder.encode(owner, StandardCharsets.UTF_8) + "/"
        + URLEncoder.encode(repo, StandardCharsets.UTF_8) + "/hooks" + tail);
  }

  private HttpResponse<String> send(String token, HttpRequest.Builder request) throws Refused {
    try {
      return http.send(request.timeout(Duration.ofSeconds(30)).header("Accept", "application/vnd.github+json")
          .header("X-GitHub-Api-Version", "2022-11-28").header("Authorization", "Bearer " + token)
          .header("User-Agent", "Flowline").build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Refused("GitHub's API at " + apiBase + " could not be reached: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refused("interrupted while calling GitHub's API at " + apiBase);
    }
  }

  private Refused refused(String method, String owner, String repo, HttpResponse<String> response) {
    String message = Optional.ofNullable(parse(response.body()).get("message")).map(JsonNode::asText).orElse("");
    return new Refused("GitHub (" + apiBase + ") answered " + response.statusCode() + " to " + method + " /repos/"
        + owner + "/" + repo + "/hooks" + (message.isEmpty() ? "" : ": " + message));
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }
}

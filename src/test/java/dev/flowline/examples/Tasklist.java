package dev.flowline.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads an approval the way Camunda Tasklist shows it: over /engine-rest, as the admin user, the task of the
 * execution's approval action and its read-only form fields.
 */
final class Tasklist {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;
  private final String authorization;

  Tasklist(int port, String user, String password) {
    this.baseUrl = "http://127.0.0.1:" + port + "/engine-rest";
    this.authorization = "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** The form an approver sees for {@code actionName} of execution {@code executionId}. */
  ApprovalForm form(String executionId, String actionName) throws IOException, InterruptedException {
    // The task's name says pipeline, stage and execution: "Approve <pipeline> · <stage> / <action> · execution <id>"
    JsonNode tasks = get("/task?processInstanceBusinessKey=" + encode(executionId) + "&nameLike="
        + encode("%/ " + actionName + " · execution%"));
    if (tasks.size() != 1) {
      throw new AssertionError("expected one Tasklist task '" + actionName + "' for execution " + executionId
          + ", found " + tasks);
    }
    JsonNode task = tasks.get(0);
    JsonNode form = get("/task/" + encode(task.get("id").asText()) + "/form-variables");
    return new ApprovalForm(task.get("name").asText(), text(task, "description"),
        form.path("approvalCustomData").path("value").asText(null),
        form.path("approvalLink").path("value").asText(null));
  }

  /** A Tasklist task of a manual approval: its name, description and the form's custom data and link. */
  record ApprovalForm(String taskName, String description, String customData, String externalEntityLink) {}

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .header("Authorization", authorization).header("Accept", "application/json").GET().build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("GET /engine-rest" + path + " answered " + response.statusCode() + ": " + response.body());
    }
    return JSON.readTree(response.body());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}

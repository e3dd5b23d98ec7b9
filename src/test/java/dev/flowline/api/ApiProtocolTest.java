package dev.flowline.api;

import static dev.flowline.api.ApiClients.TARGET_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowlineTest;
import dev.flowline.api.model.ServiceModel;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The AWS JSON 1.1 protocol over raw HTTP: what SDKs never send but people and scripts do. */
@FlowlineTest
class ApiProtocolTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String AMZ_JSON = "application/x-amz-json-1.1";

  @LocalServerPort
  int port;

  @Autowired
  OperationRegistry registry;

  @Autowired
  ServiceModel model;

  @Test
  @DisplayName("given an unsigned request, then 403 MissingAuthenticationTokenException with a request id")
  void unsignedRequestIsRefused() throws Exception {
    HttpResponse<String> response = ApiClients.unsignedPost(port, TARGET_PREFIX + "ListPipelines", "{}");

    assertError(response, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
    assertThat(UUID.fromString(response.headers().firstValue("x-amzn-RequestId").orElseThrow())).isNotNull();
  }

  @Test
  @DisplayName("given an unknown X-Amz-Target, then 400 UnknownOperationException")
  void unknownTargetIsRefused() throws Exception {
    assertError(ApiClients.signedPost(port, TARGET_PREFIX + "LaunchRocket", AMZ_JSON, "{}"), 400,
        "UnknownOperationException", "Unknown operation");
    assertError(ApiClients.signedPost(port, null, AMZ_JSON, "{}"), 400, "UnknownOperationException",
        "Unknown operation");
  }

  @Test
  @DisplayName("given malformed JSON, then 400 SerializationException and nothing happens")
  void malformedJsonIsRefused() throws Exception {
    assertError(ApiClients.signedPost(port, TARGET_PREFIX + "CreatePipeline", AMZ_JSON, "{\"pipeline\": {"), 400,
        "SerializationException", "Malformed JSON request body");
  }

  @Test
  @DisplayName("given a value of the wrong JSON type, then 400 SerializationException naming the member")
  void wrongTypeIsRefused() throws Exception {
    assertError(ApiClients.signedPost(port, TARGET_PREFIX + "GetPipelineState", AMZ_JSON, "{\"name\": 7}"), 400,
        "SerializationException", "Value at 'name' must be a string, not a number");
  }

  @Test
  @DisplayName("given a member the input shape does not have, then 400 ValidationException naming it")
  void unknownMemberIsRefused() throws Exception {
    assertError(ApiClients.signedPost(port, TARGET_PREFIX + "ListPipelines", AMZ_JSON, "{\"pageSize\": 7}"), 400,
        "ValidationException", "1 validation error detected: Value at 'pageSize' failed to satisfy constraint: "
            + "Member is not defined in ListPipelinesInput");
  }

  @Test
  @DisplayName("given an empty body, then it counts as {} (ListPipelines answers 200)")
  void emptyBodyIsEmptyObject() throws Exception {
    HttpResponse<String> response = ApiClients.signedPost(port, TARGET_PREFIX + "ListPipelines", AMZ_JSON, "");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(AMZ_JSON);
    assertThat(JSON.readTree(response.body()).has("pipelines")).isTrue();
  }

  @Test
  @DisplayName("given Content-Type application/json, then the request is accepted too")
  void plainJsonContentTypeIsAccepted() {
    assertThat(ApiClients.signedPost(port, TARGET_PREFIX + "ListPipelines", "application/json", "{}").statusCode())
        .isEqualTo(200);
  }

  @Test
  @DisplayName("given a not-yet-implemented operation, then 400 UnsupportedOperationException pointing at the docs")
  void unimplementedOperation() throws Exception {
    assertError(ApiClients.signedPost(port, TARGET_PREFIX + "ListDeployActionExecutionTargets", AMZ_JSON, "{}"), 400,
        "UnsupportedOperationException",
        "Flowline does not implement ListDeployActionExecutionTargets yet (see docs/api-coverage.md)");
  }

  @Test
  @DisplayName("given a pipeline that does not exist, then 400 PipelineNotFoundException in AWS's words")
  void pipelineNotFound() throws Exception {
    assertError(ApiClients.signedPost(port, TARGET_PREFIX + "GetPipelineState", AMZ_JSON, "{\"name\":\"nope\"}"), 400,
        "PipelineNotFoundException", "Account '123456789012' does not have a pipeline with name 'nope'");
  }

  @Test
  @DisplayName("GET / is not the API: it does not answer as the API does")
  void getRootIsNotTheApi() {
    HttpResponse<String> response = ApiClients.get(port, "/");

    assertThat(response.statusCode()).isNotEqualTo(405).isLessThan(500);
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isEmpty();
  }

  @Test
  @DisplayName("docs/api-coverage.md lists all 44 operations once; those marked supported or partial are the implemented ones")
  void coverageTableIsTrue() throws Exception {
    Map<String, String> status = new TreeMap<>();
    Pattern row = Pattern.compile("^\\| ([A-Z][A-Za-z]+) \\| (supported|partial|not yet) \\|.*");
    for (String line : Files.readAllLines(Path.of("docs/api-coverage.md"))) {
      Matcher matcher = row.matcher(line);
      if (matcher.matches()) {
        assertThat(status.put(matcher.group(1), matcher.group(2))).as("listed twice: " + matcher.group(1)).isNull();
      }
    }

    assertThat(status.keySet()).isEqualTo(model.operationNames());
    Set<String> documentedAsWorking = status.entrySet().stream().filter(e -> !e.getValue().equals("not yet"))
        .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
    assertThat(documentedAsWorking).isEqualTo(registry.implemented());
  }

  private static void assertError(HttpResponse<String> response, int status, String type, String messageStart)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith(AMZ_JSON);
    assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("__type").asText()).isEqualTo(type);
    assertThat(body.path("message").asText()).startsWith(messageStart);
  }
}

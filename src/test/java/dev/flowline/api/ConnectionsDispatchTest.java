package dev.flowline.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.FlowlineTest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** POST / serves CodeStar connections under both of its names, with its own signing names and model. */
@FlowlineTest
class ConnectionsDispatchTest {
  static final String CODESTAR = "com.amazonaws.codestar.connections.CodeStar_connections_20191201";
  static final String CODECONNECTIONS = "com.amazonaws.codeconnections.CodeConnections_20231201";

  @LocalServerPort
  int port;

  @Autowired
  List<AwsService> services;

  @Test
  @DisplayName("a connections target signed for codepipeline is 403: the scope must name codestar-connections")
  void ownSigningName() {
    HttpResponse<String> response = ApiClients.signedPost(port, CODESTAR + ".ListConnections",
        "application/x-amz-json-1.0", "{}");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("codestar-connections");
    assertThat(ApiClients.signedPost(port, CODECONNECTIONS + ".ListConnections", "application/x-amz-json-1.0", "{}",
        "codeconnections").statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a Git sync operation of the model answers UnsupportedOperationException; an input of the wrong shape is refused by the model")
  void unsupportedAndShape() {
    HttpResponse<String> sync = ApiClients.signedPost(port, CODESTAR + ".ListRepositoryLinks",
        "application/x-amz-json-1.0", "{}", "codestar-connections");
    HttpResponse<String> shape = ApiClients.signedPost(port, CODESTAR + ".CreateConnection",
        "application/x-amz-json-1.0", "{\"ConnectionName\": \"x\", \"ProviderType\": \"SourceForge\"}",
        "codestar-connections");

    assertThat(sync.statusCode()).isEqualTo(400);
    assertThat(sync.body()).contains("UnsupportedOperationException");
    assertThat(shape.statusCode()).isEqualTo(400);
    assertThat(shape.body()).contains("ValidationException").contains("ProviderType");
  }

  @Test
  @DisplayName("docs/connections.md lists every operation of the model once; those marked supported are the implemented ones, under both names, each with a permission")
  void coverageTableIsTrue() throws Exception {
    Map<String, String> status = new TreeMap<>();
    Pattern row = Pattern.compile("^\\| ([A-Z][A-Za-z]+) \\| (supported|partial|not yet) \\|.*");
    for (String line : Files.readAllLines(Path.of("docs/connections.md"))) {
      Matcher matcher = row.matcher(line);
      if (matcher.matches()) {
        assertThat(status.put(matcher.group(1), matcher.group(2))).as("listed twice: " + matcher.group(1)).isNull();
      }
    }
    Set<String> supported = status.entrySet().stream().filter(e -> !e.getValue().equals("not yet"))
        .map(Map.Entry::getKey).collect(Collectors.toCollection(java.util.TreeSet::new));

    for (String name : List.of("codestar-connections", "codeconnections")) {
      AwsService service = services.stream().filter(s -> s.model().signingName().equals(name)).findFirst().orElseThrow();
      assertThat(status.keySet()).isEqualTo(service.model().operationNames());
      assertThat(supported).isEqualTo(service.registry().implemented()).hasSize(11);
      assertThat(supported).allSatisfy(op -> assertThat(OperationPermissions.required(name, op)).isPresent());
    }
  }
}

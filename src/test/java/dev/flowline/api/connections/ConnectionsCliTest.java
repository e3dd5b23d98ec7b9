package dev.flowline.api.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowlineTest;
import dev.flowline.api.ApiProperties;
import dev.flowline.api.TourScript;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code aws codestar-connections} and {@code aws codeconnections} (the real AWS CLI) against Flowline. */
@FlowlineTest
class ConnectionsCliTest {

  @LocalServerPort
  int port;

  @Test
  @DisplayName("aws codestar-connections create-host, create-connection, get-connection, list-connections; aws codeconnections get-connection, delete-connection")
  void cliRoundTrip() throws Exception {
    assumeTrue(TourScript.installed("aws"), "the AWS CLI is not installed");
    String name = "cli-" + UUID.randomUUID().toString().substring(0, 8);

    // AWS CLI v1 would download an https:// parameter value; the JSON input passes it as it is
    JsonNode host = aws("codestar-connections", "create-host", "--cli-input-json", "{\"Name\": \"" + name
        + "\", \"ProviderType\": \"GitLabSelfManaged\", \"ProviderEndpoint\": \"https://gitlab.example.com\"}");
    String hostArn = host.path("HostArn").asText();
    JsonNode created = aws("codestar-connections", "create-connection", "--connection-name", name,
        "--host-arn", hostArn, "--tags", "Key=team,Value=platform");
    String arn = created.path("ConnectionArn").asText();
    JsonNode fetched = aws("codestar-connections", "get-connection", "--connection-arn", arn);
    JsonNode listed = aws("codestar-connections", "list-connections", "--host-arn-filter", hostArn);
    JsonNode viaNewName = aws("codeconnections", "get-connection", "--connection-arn", arn);
    JsonNode tags = aws("codeconnections", "list-tags-for-resource", "--resource-arn", arn);
    aws("codeconnections", "delete-connection", "--connection-arn", arn);
    JsonNode after = aws("codestar-connections", "list-connections", "--provider-type-filter", "GitLabSelfManaged");

    assertThat(hostArn).startsWith("arn:aws:codestar-connections:us-east-1:123456789012:host/");
    assertThat(created.path("Tags").get(0).path("Key").asText()).isEqualTo("team");
    assertThat(fetched.path("Connection").path("ConnectionStatus").asText()).isEqualTo("PENDING");
    assertThat(fetched.path("Connection").path("ProviderType").asText()).isEqualTo("GitLabSelfManaged");
    assertThat(fetched.path("Connection").path("HostArn").asText()).isEqualTo(hostArn);
    assertThat(listed.path("Connections")).hasSize(1);
    assertThat(viaNewName.path("Connection").path("ConnectionName").asText()).isEqualTo(name);
    assertThat(tags.path("Tags").get(0).path("Value").asText()).isEqualTo("platform");
    assertThat(after.path("Connections").findValuesAsText("ConnectionArn")).doesNotContain(arn);
  }

  @Test
  @DisplayName("aws codeconnections create-host and create-connection answer codeconnections ARNs; aws codestar-connections reads, lists and deletes them in either form")
  void cliCodeConnectionsArns() throws Exception {
    assumeTrue(TourScript.installed("aws"), "the AWS CLI is not installed");
    String name = "cli-" + UUID.randomUUID().toString().substring(0, 8);

    String hostArn = aws("codeconnections", "create-host", "--cli-input-json", "{\"Name\": \"" + name
        + "\", \"ProviderType\": \"GitHubEnterpriseServer\", \"ProviderEndpoint\": \"https://github.example.com\"}")
        .path("HostArn").asText();
    String arn = aws("codeconnections", "create-connection", "--connection-name", name, "--host-arn", hostArn)
        .path("ConnectionArn").asText();
    String olderForm = arn.replace(":codeconnections:", ":codestar-connections:");
    JsonNode fetched = aws("codestar-connections", "get-connection", "--connection-arn", olderForm);
    JsonNode listed = aws("codestar-connections", "list-connections", "--host-arn-filter",
        hostArn.replace(":codeconnections:", ":codestar-connections:"));
    aws("codestar-connections", "delete-connection", "--connection-arn", olderForm);
    Result gone = run("codeconnections", "get-connection", "--connection-arn", arn);

    assertThat(hostArn).startsWith("arn:aws:codeconnections:us-east-1:123456789012:host/");
    assertThat(arn).startsWith("arn:aws:codeconnections:us-east-1:123456789012:connection/");
    assertThat(fetched.path("Connection").path("ConnectionArn").asText()).isEqualTo(arn);
    assertThat(fetched.path("Connection").path("HostArn").asText()).isEqualTo(hostArn);
    assertThat(listed.path("Connections").findValuesAsText("ConnectionArn")).containsExactly(arn);
    assertThat(gone.exitCode()).isNotZero();
    assertThat(gone.output()).contains("ResourceNotFoundException");
  }

  @Test
  @DisplayName("aws codestar-connections get-connection of an unknown ARN exits non-zero with ResourceNotFoundException")
  void cliUnknownConnection() throws Exception {
    assumeTrue(TourScript.installed("aws"), "the AWS CLI is not installed");
    Result result = run("codestar-connections", "get-connection", "--connection-arn",
        "arn:aws:codestar-connections:us-east-1:123456789012:connection/00000000-0000-0000-0000-000000000000");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("ResourceNotFoundException");
  }

  private JsonNode aws(String... command) throws Exception {
    Result result = run(command);
    assertThat(result.exitCode()).as(result.output()).isZero();
    return new ObjectMapper().readTree(result.output().isBlank() ? "{}" : result.output());
  }

  record Result(int exitCode, String output) {}

  private Result run(String... command) throws Exception {
    List<String> line = new ArrayList<>(List.of("aws", "--endpoint-url", "http://127.0.0.1:" + port,
        "--region", "us-east-1", "--output", "json"));
    line.addAll(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
    builder.environment().put("AWS_ACCESS_KEY_ID", ApiProperties.DEFAULT_ACCESS_KEY_ID);
    builder.environment().put("AWS_SECRET_ACCESS_KEY", ApiProperties.DEFAULT_SECRET_ACCESS_KEY);
    builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
    builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}

package dev.flowline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.FlowlineTest;
import dev.flowline.compiler.PipelineCompiler;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecution;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A plain Camunda REST start produces the same execution as StartPipelineExecution; REST needs a login. */
@FlowlineTest
class EngineRestParityTest {
  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @LocalServerPort int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(String path, String body, String user, String password) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (user != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("Given a pipeline, when it is started through /engine-rest, then the execution equals one started from Java")
  void restStartEqualsJavaStart() throws Exception {
    String name = PipelineFixtures.uniqueName("rest");
    pipelines.create(TestPipelines.named(name).variable("Target", "dev")
        .stage("Build", "Echo=echo #{variables.Target}").document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String created = probe.executions().get(0).pipelineExecutionId();
    probe.awaitStatus(created, "Succeeded");
    String fromJava = executions.start(name, new StartRequest(java.util.Map.of("Target", "prod"), null,
        java.util.List.of(), "StartPipelineExecution", "admin"));
    probe.awaitStatus(fromJava, "Succeeded");

    HttpResponse<String> response = post("/engine-rest/process-definition/key/" + PipelineCompiler.processKey(name)
        + "/start", "{\"variables\": {\"Target\": {\"value\": \"prod\", \"type\": \"String\"}}}", "admin", "admin");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String fromRest = probe.executions().get(0).pipelineExecutionId();
    assertThat(fromRest).isNotIn(created, fromJava).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    probe.awaitStatus(fromRest, "Succeeded");

    PipelineExecution java = queries.execution(name, fromJava).orElseThrow();
    PipelineExecution rest = queries.execution(name, fromRest).orElseThrow();
    assertThat(rest.variables()).isEqualTo(java.variables());
    assertThat(rest.trigger()).isEqualTo(java.trigger());
    assertThat(rest.pipelineVersion()).isEqualTo(java.pipelineVersion());
    assertThat(rest.executionMode()).isEqualTo(java.executionMode());
    assertThat(rest.executionType()).isEqualTo(java.executionType());
    assertThat(queries.actionExecutions(name, fromRest, 0, 10)).extracting(a -> a.actionName() + ":" + a.status())
        .containsExactlyInAnyOrderElementsOf(queries.actionExecutions(name, fromJava, 0, 10).stream()
            .map(a -> a.actionName() + ":" + a.status()).toList());
    var echo = queries.actionExecutions(name, fromRest, 0, 10).stream().filter(a -> a.actionName().equals("Echo"))
        .findFirst().orElseThrow();
    assertThat(echo.input().resolvedConfiguration()).isEmpty();
  }

  @Test
  @DisplayName("Given no credentials or wrong ones, /engine-rest answers 401 and starts nothing")
  void engineRestRequiresAuthentication() throws Exception {
    assertThat(post("/engine-rest/process-definition/count", "{}", null, null).statusCode()).isEqualTo(401);
    assertThat(post("/engine-rest/process-definition/count", "{}", "nobody", "wrong").statusCode()).isEqualTo(401);
    assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/flowline/logs/"
        + java.util.UUID.randomUUID())).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
  }
}

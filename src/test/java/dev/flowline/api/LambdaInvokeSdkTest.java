package dev.flowline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowlineTest;
import dev.flowline.actions.invoke.LambdaDouble;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionCategory;
import software.amazon.awssdk.services.codepipeline.model.ActionDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.FailureType;
import software.amazon.awssdk.services.codepipeline.model.InputArtifact;
import software.amazon.awssdk.services.codepipeline.model.InvalidActionDeclarationException;
import software.amazon.awssdk.services.codepipeline.model.InvalidJobStateException;
import software.amazon.awssdk.services.codepipeline.model.OutputArtifact;
import software.amazon.awssdk.services.codepipeline.model.PipelineDeclaration;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.StageDeclaration;

/**
 * Invoke/AWS/Lambda in a running pipeline. The test plays the function's part: it reads the {@code CodePipeline.job}
 * event the function was invoked with (from {@link LambdaDouble}, which speaks Lambda's Invoke wire format as the
 * context's Lambda endpoint) and reports with the real SDK v2 CodePipeline client, as a function does.
 */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LambdaInvokeSdkTest {

  static final Duration PATIENCE = Duration.ofSeconds(30);
  static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort
  int port;

  CodePipelineClient client;
  LambdaDouble lambda = LambdaDouble.shared();

  @BeforeAll
  void connect() throws java.io.IOException {
    ApiTestData.putSourceObject();
    Files.createDirectories(ApiTestData.DATA_DIR.resolve("s3").resolve(CustomPipelines.DEPLOY_BUCKET));
    client = ApiClients.codePipeline(port);
  }

  @AfterAll
  void close() {
    client.close();
  }

  /** Source -> Invoke (Lambda {@code function}, namespace Fn, output FnOutput) -> Deploy ({@code #{Fn.Key}.zip}). */
  static PipelineDeclaration sourceLambdaDeploy(String name, Map<String, String> configuration) {
    PipelineDeclaration base = SdkPipelines.sourceThenApproval(name);
    return base.toBuilder().stages(
        base.stages().get(0),
        StageDeclaration.builder().name("Invoke").actions(ActionDeclaration.builder().name("Function")
            .actionTypeId(SdkPipelines.type(ActionCategory.INVOKE, "Lambda")).configuration(configuration)
            .namespace("Fn")
            .inputArtifacts(InputArtifact.builder().name("SourceOutput").build())
            .outputArtifacts(OutputArtifact.builder().name("FnOutput").build()).build()).build(),
        StageDeclaration.builder().name("Deploy").actions(ActionDeclaration.builder().name("Publish")
            .actionTypeId(SdkPipelines.type(ActionCategory.DEPLOY, "S3"))
            .configuration(Map.of("BucketName", CustomPipelines.DEPLOY_BUCKET, "Extract", "false",
                "ObjectKey", "#{Fn.Key}.zip"))
            .inputArtifacts(InputArtifact.builder().name("FnOutput").build()).build()).build())
        .build();
  }

  /** The execution CreatePipeline started, as the job it handed the function names it. */
  String executionOf(String jobId) {
    return client.getJobDetails(r -> r.jobId(jobId)).jobDetails().data().pipelineContext().pipelineExecutionId();
  }

  /** The execution CreatePipeline started, once it has ended. */
  String firstExecution(String pipeline) {
    await().atMost(PATIENCE).until(() -> !client.listPipelineExecutions(r -> r.pipelineName(pipeline))
        .pipelineExecutionSummaries().isEmpty());
    return client.listPipelineExecutions(r -> r.pipelineName(pipeline)).pipelineExecutionSummaries().get(0)
        .pipelineExecutionId();
  }

  /** The {@code CodePipeline.job} of the function's {@code n}-th invocation (1-based), once it came. */
  JsonNode invocation(String function, int n) throws Exception {
    await().atMost(PATIENCE).until(() -> lambda.invocations(function).size() >= n);
    LambdaDouble.Invocation invocation = lambda.invocations(function).get(n - 1);
    assertThat(invocation.invocationType()).isEqualTo("Event");
    JsonNode event = JSON.readTree(invocation.payload());
    assertThat(event.properties()).extracting(Map.Entry::getKey).containsExactly("CodePipeline.job");
    return event.get("CodePipeline.job");
  }

  PipelineExecutionStatus status(String pipeline, String executionId) {
    return client.getPipelineExecution(r -> r.pipelineName(pipeline).pipelineExecutionId(executionId))
        .pipelineExecution().status();
  }

  PipelineExecutionStatus awaitEnd(String pipeline, String executionId) {
    await().atMost(PATIENCE).until(() -> status(pipeline, executionId) != PipelineExecutionStatus.IN_PROGRESS);
    return status(pipeline, executionId);
  }

  ActionExecutionDetail functionAction(String pipeline, String executionId) {
    return client.listActionExecutions(r -> r.pipelineName(pipeline).filter(f -> f.pipelineExecutionId(executionId)))
        .actionExecutionDetails().stream().filter(d -> d.actionName().equals("Function")).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("the function is invoked (Event) with CodePipeline's job event, continues once with a token, then"
      + " reports success with an output artifact and variables that the next action consumes")
  void functionReportsSuccessThroughTheJobApi() throws Exception {
    lambda.addFunction("release-notes");
    client.createPipeline(r -> r.pipeline(sourceLambdaDeploy("lambda-happy",
        Map.of("FunctionName", "release-notes", "UserParameters", "{\"channel\": \"stable\"}"))));
    JsonNode first = invocation("release-notes", 1);
    String jobId = first.get("id").asText();
    String executionId = executionOf(jobId);
    assertThat(jobId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(first.get("accountId").asText()).isEqualTo("123456789012");
    JsonNode data = first.get("data");
    assertThat(data.properties()).extracting(Map.Entry::getKey).containsExactly("actionConfiguration",
        "inputArtifacts", "outputArtifacts", "artifactCredentials");
    assertThat(data.at("/actionConfiguration/configuration/FunctionName").asText()).isEqualTo("release-notes");
    assertThat(data.at("/actionConfiguration/configuration/UserParameters").asText())
        .isEqualTo("{\"channel\": \"stable\"}");
    JsonNode input = data.at("/inputArtifacts/0");
    assertThat(input.get("name").asText()).isEqualTo("SourceOutput");
    assertThat(input.at("/location/type").asText()).isEqualTo("S3");
    Path inputFile = artifactFile(input);
    assertThat(CustomPipelines.entry(inputFile, "README.md")).isEqualTo("# app\n");
    JsonNode output = data.at("/outputArtifacts/0");
    assertThat(output.get("name").asText()).isEqualTo("FnOutput");
    assertThat(output.at("/location/s3Location/objectKey").asText()).isNotBlank();
    assertThat(data.at("/artifactCredentials/accessKeyId").asText()).isNotBlank();
    assertThat(data.at("/artifactCredentials/secretAccessKey").asText()).isNotBlank();
    assertThat(data.at("/artifactCredentials/sessionToken").asText()).isNotBlank();
    // the function may read its job back, as with any job
    assertThat(client.getJobDetails(r -> r.jobId(jobId)).jobDetails().data().actionConfiguration().configuration())
        .containsEntry("FunctionName", "release-notes");

    client.putJobSuccessResult(r -> r.jobId(jobId).continuationToken("page-2")
        .executionDetails(d -> d.summary("half-way").percentComplete(50)));

    JsonNode second = invocation("release-notes", 2);
    assertThat(second.get("id").asText()).isNotEqualTo(jobId);
    assertThat(second.at("/data/continuationToken").asText()).isEqualTo("page-2");
    assertThat(status("lambda-happy", executionId)).isEqualTo(PipelineExecutionStatus.IN_PROGRESS);
    writeZip(artifactFile(second.at("/data/outputArtifacts/0")), "notes.txt", "release notes");
    client.putJobSuccessResult(r -> r.jobId(second.get("id").asText())
        .outputVariables(Map.of("Key", "notes-" + executionId))
        .executionDetails(d -> d.summary("notes written").externalExecutionId("req-2")));

    assertThat(awaitEnd("lambda-happy", executionId)).isEqualTo(PipelineExecutionStatus.SUCCEEDED);
    ActionExecutionDetail detail = functionAction("lambda-happy", executionId);
    assertThat(detail.output().outputVariables()).containsEntry("Key", "notes-" + executionId);
    assertThat(detail.output().executionResult().externalExecutionSummary()).isEqualTo("notes written");
    Path deployed = ApiTestData.DATA_DIR.resolve("s3").resolve(CustomPipelines.DEPLOY_BUCKET)
        .resolve("notes-" + executionId + ".zip");
    assertThat(CustomPipelines.entry(deployed, "notes.txt")).isEqualTo("release notes");
    assertThat(lambda.invocations("release-notes")).hasSize(2);
    // a second report answers as AWS does
    assertThatThrownBy(() -> client.putJobSuccessResult(r -> r.jobId(second.get("id").asText())))
        .isInstanceOf(InvalidJobStateException.class);
  }

  @Test
  @DisplayName("PutJobFailureResult from the function fails the action with its message")
  void functionReportsFailure() throws Exception {
    lambda.addFunction("failing-check");
    client.createPipeline(r -> r.pipeline(sourceLambdaDeploy("lambda-fail", Map.of("FunctionName", "failing-check"))));
    JsonNode job = invocation("failing-check", 1);
    String executionId = executionOf(job.get("id").asText());

    client.putJobFailureResult(r -> r.jobId(job.get("id").asText()).failureDetails(f -> f.type(FailureType.JOB_FAILED)
        .message("smoke test returned 503").externalExecutionId("req-9")));

    assertThat(awaitEnd("lambda-fail", executionId)).isEqualTo(PipelineExecutionStatus.FAILED);
    ActionExecutionDetail detail = functionAction("lambda-fail", executionId);
    assertThat(detail.status()).isEqualTo(ActionExecutionStatus.FAILED);
    assertThat(detail.output().executionResult().externalExecutionSummary()).isEqualTo("smoke test returned 503");
    assertThat(detail.output().executionResult().externalExecutionId()).isEqualTo("req-9");
  }

  @Test
  @DisplayName("a function that does not exist fails the action with a message naming it")
  void missingFunctionFailsTheAction() {
    client.createPipeline(r -> r.pipeline(sourceLambdaDeploy("lambda-missing",
        Map.of("FunctionName", "no-such-function"))));
    String executionId = firstExecution("lambda-missing");

    assertThat(awaitEnd("lambda-missing", executionId)).isEqualTo(PipelineExecutionStatus.FAILED);
    var state = client.getPipelineState(r -> r.name("lambda-missing")).stageStates().stream()
        .filter(s -> s.stageName().equals("Invoke")).findFirst().orElseThrow().actionStates().get(0);
    assertThat(state.latestExecution().errorDetails().message()).contains("no-such-function")
        .contains("Function not found");
    assertThat(lambda.invocations("no-such-function")).isEmpty();
  }

  @Test
  @DisplayName("CreatePipeline refuses a Lambda action without FunctionName, naming the key")
  void missingFunctionNameIsRefused() {
    assertThatThrownBy(() -> client.createPipeline(r -> r.pipeline(sourceLambdaDeploy("lambda-bad",
        Map.of("UserParameters", "x")))))
        .isInstanceOf(InvalidActionDeclarationException.class).hasMessageContaining("FunctionName");
    assertThat(client.listPipelines().pipelines()).noneMatch(p -> p.name().equals("lambda-bad"));
  }

  static Path artifactFile(JsonNode artifact) {
    return ApiTestData.DATA_DIR.resolve("artifacts").resolve(artifact.at("/location/s3Location/bucketName").asText())
        .resolve(artifact.at("/location/s3Location/objectKey").asText());
  }

  static void writeZip(Path target, String entry, String text) throws java.io.IOException {
    Files.createDirectories(target.getParent());
    try (var out = Files.newOutputStream(target); var zip = new java.util.zip.ZipOutputStream(out)) {
      zip.putNextEntry(new java.util.zip.ZipEntry(entry));
      zip.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      zip.closeEntry();
    }
  }
}

package dev.flowline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowline.FlowlineTest;
import dev.flowline.api.s3.S3Endpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionCategory;
import software.amazon.awssdk.services.codepipeline.model.ActionConfigurationProperty;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.PipelineDeclaration;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionStatus;

/**
 * examples/job-worker/worker.py — a boto3 worker of AWS's sample shape — serves a custom action in the middle of a
 * pipeline: it reads the source through the S3 endpoint with the job's credentials, runs the action's Command,
 * uploads its output artifact and reports an output variable; the S3 deploy after it stores that artifact under a key
 * made of that variable.
 */
@FlowlineTest
class PythonJobWorkerTest {

  static final Duration PATIENCE = Duration.ofSeconds(90);

  @LocalServerPort
  int port;

  @Autowired
  S3Endpoint endpoint;

  @Autowired
  IdentityService identity;

  Process worker;

  @AfterEach
  void stopWorker() throws InterruptedException {
    if (worker != null) {
      worker.destroy();
      if (!worker.waitFor(10, TimeUnit.SECONDS)) {
        worker.destroyForcibly().waitFor();
      }
    }
  }

  @Test
  @DisplayName("the Python worker serves the custom action: Source -> worker -> S3 deploy of its artifact under its"
      + " output variable, Succeeded")
  void pythonWorkerRunsTheCustomAction() throws Exception {
    assumeTrue(TourScript.installed("python3"), "python3 with boto3 is needed");
    ensureJobWorker();
    ApiTestData.putSourceObject();
    Files.createDirectories(ApiTestData.DATA_DIR.resolve("s3").resolve(CustomPipelines.DEPLOY_BUCKET));
    String run = UUID.randomUUID().toString().substring(0, 8);
    String provider = "PyWorker" + run;
    String pipeline = "py-worker-" + run;

    try (CodePipelineClient admin = ApiClients.codePipeline(port)) {
      admin.createCustomActionType(r -> r.category(ActionCategory.BUILD).provider(provider).version("1")
          .configurationProperties(
              ActionConfigurationProperty.builder().name("ProjectName").required(true).key(true).secret(false)
                  .queryable(true).build(),
              ActionConfigurationProperty.builder().name("Command").required(true).key(false).secret(false).build())
          .inputArtifactDetails(d -> d.minimumCount(1).maximumCount(1))
          .outputArtifactDetails(d -> d.minimumCount(0).maximumCount(1)));
      PipelineDeclaration base = CustomPipelines.sourceCustomDeploy(pipeline, provider, "py", null);
      var build = base.stages().get(1).actions().get(0).toBuilder().configuration(Map.of("ProjectName", "py",
          "Command", "echo \"built by python from: $(head -1 README.md)\" > result.txt"
              + " && echo \"Greeting=py-$CODEPIPELINE_PIPELINE_EXECUTION_ID\" >> \"$JOB_OUTPUT_VARIABLES\""
              + " && echo 'the worker ran'"))
          .build();
      admin.createPipeline(r -> r.pipeline(base.toBuilder().stages(base.stages().get(0),
          base.stages().get(1).toBuilder().actions(build).build(), base.stages().get(2)).build()));

      worker = startWorker(provider);
      String executionId = admin.startPipelineExecution(r -> r.name(pipeline)).pipelineExecutionId();
      await().atMost(PATIENCE).pollInterval(Duration.ofMillis(250)).until(() -> !worker.isAlive()
          || admin.getPipelineExecution(r -> r.pipelineName(pipeline).pipelineExecutionId(executionId))
              .pipelineExecution().status() != PipelineExecutionStatus.IN_PROGRESS);
      List<ActionExecutionDetail> actions = admin.listActionExecutions(r -> r.pipelineName(pipeline)
          .filter(f -> f.pipelineExecutionId(executionId))).actionExecutionDetails();
      assertThat(admin.getPipelineExecution(r -> r.pipelineName(pipeline).pipelineExecutionId(executionId))
          .pipelineExecution().status()).as(() -> actions + "\nworker log:\n" + workerLog())
          .isEqualTo(PipelineExecutionStatus.SUCCEEDED);

      ActionExecutionDetail custom = actions.stream().filter(a -> a.actionName().equals("External")).findFirst()
          .orElseThrow();
      assertThat(custom.output().outputVariables()).containsEntry("Greeting", "py-" + executionId);
      assertThat(custom.output().executionResult().externalExecutionSummary()).isEqualTo("the worker ran");
      Path deployed = ApiTestData.DATA_DIR.resolve("s3").resolve(CustomPipelines.DEPLOY_BUCKET)
          .resolve("py-" + executionId + ".zip");
      assertThat(CustomPipelines.entry(deployed, "result.txt")).isEqualTo("built by python from: # app\n");
      assertThat(CustomPipelines.entry(deployed, "README.md")).isEqualTo("# app\n");
    }
  }

  Path log;

  Process startWorker(String provider) throws IOException {
    log = Files.createTempFile("python-worker", ".log");
    ProcessBuilder builder = new ProcessBuilder("python3", "examples/job-worker/worker.py",
        "--endpoint-url", "http://127.0.0.1:" + port, "--s3-endpoint-url", endpoint.url().toString(),
        "--category", "Build", "--provider", provider, "--version", "1", "--query", "ProjectName=py",
        "--poll-interval", "0.2")
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "ROLEJOBWORKER0000000",
        "AWS_SECRET_ACCESS_KEY", "jobworker-secret", "AWS_DEFAULT_REGION", "us-east-1",
        "AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null"));
    builder.environment().remove("AWS_SESSION_TOKEN");
    return builder.start();
  }

  String workerLog() {
    try {
      return log == null ? "" : Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** The job workers' key pair of application-test.yml acts as rolejobworker, of flowline-job-workers only. */
  void ensureJobWorker() {
    if (identity.createUserQuery().userId("rolejobworker").count() == 0) {
      User user = identity.newUser("rolejobworker");
      user.setPassword(UUID.randomUUID().toString());
      identity.saveUser(user);
      identity.createMembership("rolejobworker", "flowline-job-workers");
    }
  }
}

package dev.flowline.api;

import static dev.flowline.api.CustomPipelines.sourceCustomDeploy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.ActionTypeNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.FailureType;
import software.amazon.awssdk.services.codepipeline.model.InvalidJobStateException;
import software.amazon.awssdk.services.codepipeline.model.InvalidNonceException;
import software.amazon.awssdk.services.codepipeline.model.Job;
import software.amazon.awssdk.services.codepipeline.model.JobNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.JobStatus;
import software.amazon.awssdk.services.codepipeline.model.OutputVariablesSizeExceededException;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.ValidationException;

/** The job protocol (PollForJobs, AcknowledgeJob, GetJobDetails, PutJob*Result) with the SDK v2 client as the worker. */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobsSdkTest {

  static final Duration PATIENCE = Duration.ofSeconds(30);

  @LocalServerPort
  int port;

  CodePipelineClient client;

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

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  /** Starts {@code pipeline} (already created) and polls until its custom action's job is handed out. */
  Job startAndPoll(String pipeline, String provider, String project) {
    String executionId = client.startPipelineExecution(r -> r.name(pipeline)).pipelineExecutionId();
    return pollFor(provider, project, executionId);
  }

  Job pollFor(String provider, String project, String executionId) {
    List<Job> found = new ArrayList<>();
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
      client.pollForJobs(r -> r.actionTypeId(CustomPipelines.type(provider)).maxBatchSize(5)
          .queryParam(Map.of("ProjectName", project))).jobs().stream()
          .filter(j -> j.data().pipelineContext().pipelineExecutionId().equals(executionId))
          .forEach(found::add);
      return !found.isEmpty();
    });
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  PipelineExecutionStatus status(String pipeline, String executionId) {
    return client.getPipelineExecution(r -> r.pipelineName(pipeline).pipelineExecutionId(executionId))
        .pipelineExecution().status();
  }

  void awaitEnd(String pipeline, String executionId, PipelineExecutionStatus expected) {
    await().atMost(PATIENCE).until(() -> status(pipeline, executionId) != PipelineExecutionStatus.IN_PROGRESS);
    assertThat(status(pipeline, executionId)).as(() -> client.listActionExecutions(r -> r.pipelineName(pipeline)
        .filter(f -> f.pipelineExecutionId(executionId))).toString()).isEqualTo(expected);
  }

  ActionExecutionDetail customAction(String pipeline, String executionId) {
    return client.listActionExecutions(r -> r.pipelineName(pipeline).filter(f -> f.pipelineExecutionId(executionId)))
        .actionExecutionDetails().stream().filter(d -> d.actionName().equals("External")).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a custom action in the middle runs to Succeeded: the worker reads the input, continues once with a"
      + " token, uploads the output, and the next action consumes its artifact and variables")
  void customActionRunsThroughWorker() {
    CustomPipelines.registerType(client, "SdkWorkerTool");
    client.createPipeline(r -> r.pipeline(sourceCustomDeploy("jobs-happy", "SdkWorkerTool", "app", null)));

    Job first = startAndPoll("jobs-happy", "SdkWorkerTool", "app");
    String executionId = first.data().pipelineContext().pipelineExecutionId();
    assertThat(first.data().actionTypeId().provider()).isEqualTo("SdkWorkerTool");
    assertThat(first.data().actionConfiguration().configuration()).containsEntry("ProjectName", "app");
    assertThat(first.data().pipelineContext().pipelineName()).isEqualTo("jobs-happy");
    assertThat(first.data().pipelineContext().stage().name()).isEqualTo("Build");
    assertThat(first.data().pipelineContext().action().name()).isEqualTo("External");
    assertThat(first.data().pipelineContext().pipelineArn()).endsWith(":jobs-happy");
    assertThat(first.data().artifactCredentials().accessKeyId()).isNotBlank();
    assertThat(first.data().continuationToken()).isNull();
    assertThat(CustomPipelines.entry(CustomPipelines.artifactFile(first.data().inputArtifacts().get(0)), "README.md"))
        .isEqualTo("# app\n");
    assertThat(client.acknowledgeJob(r -> r.jobId(first.id()).nonce(first.nonce())).status())
        .isEqualTo(JobStatus.IN_PROGRESS);
    assertThat(client.getJobDetails(r -> r.jobId(first.id())).jobDetails().data().pipelineContext()
        .pipelineExecutionId()).isEqualTo(executionId);

    client.putJobSuccessResult(r -> r.jobId(first.id()).continuationToken("half-way")
        .executionDetails(d -> d.summary("building").percentComplete(50).externalExecutionId("build-1")));

    Job second = pollFor("SdkWorkerTool", "app", executionId);
    assertThat(second.id()).isNotEqualTo(first.id());
    assertThat(second.data().continuationToken()).isEqualTo("half-way");
    assertThat(status("jobs-happy", executionId)).isEqualTo(PipelineExecutionStatus.IN_PROGRESS);
    client.acknowledgeJob(r -> r.jobId(second.id()).nonce(second.nonce()));
    CustomPipelines.upload(second.data().outputArtifacts().get(0), "result.txt", "built by the worker");
    client.putJobSuccessResult(r -> r.jobId(second.id()).outputVariables(Map.of("Greeting", "hello-" + executionId))
        .executionDetails(d -> d.summary("built").externalExecutionId("build-1"))
        .currentRevision(c -> c.revision("rev-1").changeIdentifier("change-1")));

    awaitEnd("jobs-happy", executionId, PipelineExecutionStatus.SUCCEEDED);
    ActionExecutionDetail detail = customAction("jobs-happy", executionId);
    assertThat(detail.output().outputVariables()).containsEntry("Greeting", "hello-" + executionId);
    assertThat(detail.output().executionResult().externalExecutionSummary()).isEqualTo("built");
    var deployed = ApiTestData.DATA_DIR.resolve("s3").resolve(CustomPipelines.DEPLOY_BUCKET)
        .resolve("hello-" + executionId + ".zip");
    assertThat(deployed).exists();
    assertThat(CustomPipelines.entry(deployed, "result.txt")).isEqualTo("built by the worker");
  }

  @Test
  @DisplayName("PutJobFailureResult fails the action with the worker's type and message, and the execution fails")
  void failureResultFailsTheAction() {
    CustomPipelines.registerType(client, "FailingTool");
    client.createPipeline(r -> r.pipeline(sourceCustomDeploy("jobs-fail", "FailingTool", "app", null)));
    Job job = startAndPoll("jobs-fail", "FailingTool", "app");
    String executionId = job.data().pipelineContext().pipelineExecutionId();
    client.acknowledgeJob(r -> r.jobId(job.id()).nonce(job.nonce()));

    client.putJobFailureResult(r -> r.jobId(job.id()).failureDetails(f -> f.type(FailureType.CONFIGURATION_ERROR)
        .message("no such project").externalExecutionId("ext-9")));

    await().atMost(PATIENCE).until(() -> status("jobs-fail", executionId) == PipelineExecutionStatus.FAILED);
    assertThat(customAction("jobs-fail", executionId).output().executionResult().externalExecutionId())
        .isEqualTo("ext-9");
    assertThatThrownBy(() -> client.putJobFailureResult(r -> r.jobId(job.id())
        .failureDetails(f -> f.type(FailureType.JOB_FAILED).message("again"))))
        .isInstanceOf(InvalidJobStateException.class);
  }

  @Test
  @DisplayName("bad input answers with AWS's exception names and changes nothing")
  void badInput() {
    CustomPipelines.registerType(client, "StrictTool");
    client.createPipeline(r -> r.pipeline(sourceCustomDeploy("jobs-strict", "StrictTool", "app", null)));

    assertThatThrownBy(() -> client.pollForJobs(r -> r.actionTypeId(CustomPipelines.type("NoSuchTool"))))
        .isInstanceOf(ActionTypeNotFoundException.class).hasMessageContaining("NoSuchTool");
    assertThatThrownBy(() -> client.pollForJobs(r -> r.actionTypeId(SdkPipelines.type(
        software.amazon.awssdk.services.codepipeline.model.ActionCategory.SOURCE, "S3"))))
        .isInstanceOf(ActionTypeNotFoundException.class);
    assertThatThrownBy(() -> client.pollForJobs(r -> r.actionTypeId(CustomPipelines.type("StrictTool"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("queryParam");
    assertThatThrownBy(() -> client.getJobDetails(r -> r.jobId("00000000-0000-0000-0000-000000000000")))
        .isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> client.acknowledgeJob(r -> r.jobId("00000000-0000-0000-0000-000000000000").nonce("x")))
        .isInstanceOf(JobNotFoundException.class);

    Job job = startAndPoll("jobs-strict", "StrictTool", "app");
    String executionId = job.data().pipelineContext().pipelineExecutionId();
    assertThatThrownBy(() -> client.acknowledgeJob(r -> r.jobId(job.id()).nonce("not-the-nonce")))
        .isInstanceOf(InvalidNonceException.class);
    client.acknowledgeJob(r -> r.jobId(job.id()).nonce(job.nonce()));
    assertThatThrownBy(() -> client.acknowledgeJob(r -> r.jobId(job.id()).nonce(job.nonce())))
        .isInstanceOf(InvalidNonceException.class).hasMessageContaining("already used");

    String big = "x".repeat(1000);
    Map<String, String> tooMuch = new java.util.HashMap<>();
    for (int i = 0; i < 125; i++) {
      tooMuch.put("V" + i, big);
    }
    assertThatThrownBy(() -> client.putJobSuccessResult(r -> r.jobId(job.id()).outputVariables(tooMuch)))
        .isInstanceOf(OutputVariablesSizeExceededException.class);
    assertThatThrownBy(() -> client.putJobSuccessResult(r -> r.jobId(job.id()).continuationToken("t")
        .outputVariables(Map.of("A", "b")))).isInstanceOf(ValidationException.class);
    assertThat(status("jobs-strict", executionId)).isEqualTo(PipelineExecutionStatus.IN_PROGRESS);

    // the refused reports changed nothing: the job can still be reported, exactly once
    CustomPipelines.upload(job.data().outputArtifacts().get(0), "result.txt", "ok");
    client.putJobSuccessResult(r -> r.jobId(job.id()).outputVariables(Map.of("Greeting", "strict")));
    assertThatThrownBy(() -> client.putJobSuccessResult(r -> r.jobId(job.id())))
        .isInstanceOf(InvalidJobStateException.class);
    awaitEnd("jobs-strict", executionId, PipelineExecutionStatus.SUCCEEDED);
  }

  @Test
  @DisplayName("a job polled but not acknowledged returns to the queue after the acknowledgement timeout; its nonce is void")
  void unacknowledgedJobReturnsToQueue() {
    CustomPipelines.registerType(client, "ForgetfulTool");
    client.createPipeline(r -> r.pipeline(sourceCustomDeploy("jobs-unacked", "ForgetfulTool", "app", null)));
    Job lost = startAndPoll("jobs-unacked", "ForgetfulTool", "app");
    String executionId = lost.data().pipelineContext().pipelineExecutionId();
    assertThat(client.pollForJobs(r -> r.actionTypeId(CustomPipelines.type("ForgetfulTool"))
        .queryParam(Map.of("ProjectName", "app"))).jobs()).isEmpty();

    ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + Duration.ofSeconds(61).toMillis()));

    Job again = pollFor("ForgetfulTool", "app", executionId);
    assertThat(again.id()).isNotEqualTo(lost.id());
    assertThat(again.data().pipelineContext().action().actionExecutionId())
        .isEqualTo(lost.data().pipelineContext().action().actionExecutionId());
    assertThatThrownBy(() -> client.acknowledgeJob(r -> r.jobId(lost.id()).nonce(lost.nonce())))
        .isInstanceOf(InvalidNonceException.class);
    assertThat(client.acknowledgeJob(r -> r.jobId(again.id()).nonce(again.nonce())).status())
        .isEqualTo(JobStatus.IN_PROGRESS);
    client.putJobFailureResult(r -> r.jobId(again.id()).failureDetails(f -> f.type(FailureType.JOB_FAILED)
        .message("done with this test")));
  }

  @Test
  @DisplayName("an acknowledged job whose worker disappears fails its action after the action's timeout")
  void lostWorkerFailsTheActionAfterItsTimeout() {
    CustomPipelines.registerType(client, "VanishingTool");
    client.createPipeline(r -> r.pipeline(sourceCustomDeploy("jobs-lost", "VanishingTool", "app", 5)));
    Job job = startAndPoll("jobs-lost", "VanishingTool", "app");
    String executionId = job.data().pipelineContext().pipelineExecutionId();
    client.acknowledgeJob(r -> r.jobId(job.id()).nonce(job.nonce()));

    ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + Duration.ofMinutes(6).toMillis()));

    await().atMost(PATIENCE).until(() -> status("jobs-lost", executionId) == PipelineExecutionStatus.FAILED);
    assertThat(customAction("jobs-lost", executionId).output().executionResult().externalExecutionSummary())
        .contains("timed out after 5 minutes");
    assertThatThrownBy(() -> client.putJobSuccessResult(r -> r.jobId(job.id())))
        .isInstanceOf(InvalidJobStateException.class);
  }

  @Test
  @DisplayName("four workers polling at once never receive the same job")
  void concurrentPollersNeverShareAJob() throws Exception {
    CustomPipelines.registerType(client, "BusyTool");
    client.createPipeline(r -> r.pipeline(sourceCustomDeploy("jobs-busy", "BusyTool", "app", null)));
    int executions = 12;
    int total = executions + 1;
    for (int i = 0; i < executions; i++) {
      client.startPipelineExecution(r -> r.name("jobs-busy"));
    }
    List<Job> handedOut = Collections.synchronizedList(new ArrayList<>());
    ExecutorService workers = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> pollers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        pollers.add(() -> {
          long end = System.nanoTime() + PATIENCE.toNanos();
          while (handedOut.size() < total && System.nanoTime() < end) {
            handedOut.addAll(client.pollForJobs(r -> r.actionTypeId(CustomPipelines.type("BusyTool"))
                .maxBatchSize(2).queryParam(Map.of("ProjectName", "app"))).jobs());
          }
          return null;
        });
      }
      for (Future<Void> done : workers.invokeAll(pollers)) {
        done.get();
      }
    } finally {
      workers.shutdownNow();
    }
    Set<String> actions = new HashSet<>();
    for (Job job : handedOut) {
      assertThat(actions.add(job.data().pipelineContext().action().actionExecutionId()))
          .as("action execution %s handed out twice", job.data().pipelineContext().action().actionExecutionId())
          .isTrue();
    }
    // CreatePipeline started one execution of its own
    assertThat(actions).hasSize(total);
    for (Job job : handedOut) {
      client.putJobFailureResult(r -> r.jobId(job.id()).failureDetails(f -> f.type(FailureType.JOB_FAILED)
          .message("only counting")));
    }
  }
}

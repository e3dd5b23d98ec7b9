package dev.flowline.actions.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.LocalActionContext;
import dev.flowline.artifacts.MotoServer;
import dev.flowline.pipeline.OutputArtifact;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.ArtifactsType;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.BuildPhase;
import software.amazon.awssdk.services.codebuild.model.BuildPhaseType;
import software.amazon.awssdk.services.codebuild.model.ComputeType;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.PhaseContext;
import software.amazon.awssdk.services.codebuild.model.SourceType;
import software.amazon.awssdk.services.codebuild.model.StatusType;

/**
 * The AWS backend against a real {@code moto_server}. moto's CodeBuild creates projects, starts builds and lists
 * them, but ignores {@code idempotencyToken} and {@code environmentVariablesOverride}, and its BatchGetBuilds
 * reports every build SUCCEEDED; so what a failed, stopped or timed-out build means is tested on the SDK's own
 * {@link Build} objects. Its build times need {@link MotoTimestamps} to be readable by the Java SDK.
 */
class AwsCodeBuildTest {

  static final Duration RECHECK = Duration.ofMillis(200);
  static MotoServer moto;
  static CodeBuildClient client;

  @TempDir Path root;
  ActionFixture fixture;
  InputArtifactRef source;
  String project;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    client = newClient();
  }

  @AfterAll
  static void stopMoto() {
    if (client != null) {
      client.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    fixture = new ActionFixture(root);
    source = fixture.artifact("Src", Map.of("buildspec.yml", "version: 0.2"));
    project = "app-" + UUID.randomUUID().toString().substring(0, 8);
    client.createProject(b -> b.name(project)
        .source(s -> s.type(SourceType.S3).location("flowline-sources/app.zip"))
        .artifacts(a -> a.type(ArtifactsType.NO_ARTIFACTS))
        .environment(e -> e.type(EnvironmentType.LINUX_CONTAINER).image("aws/codebuild/standard:7.0")
            .computeType(ComputeType.BUILD_GENERAL1_SMALL))
        .serviceRole("arn:aws:iam::123456789012:role/codebuild"));
  }

  @Test
  @DisplayName("given a project, when the action starts, then one build is started and the action waits with the build "
      + "id as token; when called again with the token, then it succeeds without starting another build")
  void startsOnceAndFinishesFromTheToken() throws Exception {
    CodeBuildExecutor executor = CodeBuildExecutor.build(new AwsCodeBuild(client, RECHECK));
    ActionJob job = job().configuration(Map.of("ProjectName", project,
        "EnvironmentVariables", "[{\"name\":\"STAGE\",\"value\":\"prod\"}]")).build();

    ActionResult first = fixture.run(executor, job);

    assertThat(first).isInstanceOf(ActionResult.InProgress.class);
    ActionResult.InProgress waiting = (ActionResult.InProgress) first;
    assertThat(waiting.continuationToken()).matches(project + ":[0-9a-f-]{36}");
    assertThat(waiting.externalExecutionId()).isEqualTo(waiting.continuationToken());
    assertThat(waiting.recheckAfter()).isEqualTo(RECHECK);
    assertThat(builds()).containsExactly(waiting.continuationToken());

    ActionResult second = fixture.run(executor, withToken(job, waiting.continuationToken()));

    assertThat(second).isInstanceOfSatisfying(ActionResult.Succeeded.class, ok -> {
      assertThat(ok.externalExecutionId()).isEqualTo(waiting.continuationToken());
      assertThat(ok.summary()).isEqualTo("Build succeeded");
      assertThat(ok.outputArtifacts()).isEmpty();
    });
    assertThat(builds()).containsExactly(waiting.continuationToken());
  }

  @Test
  @DisplayName("given a restart (a new executor and client), when it resumes from the saved token, then it reads the "
      + "same build and never starts a second one")
  void restartResumesFromTheToken() throws Exception {
    ActionJob job = job().build();
    ActionResult.InProgress waiting = (ActionResult.InProgress) fixture.run(
        CodeBuildExecutor.test(new AwsCodeBuild(client, RECHECK)), job);

    ActionResult resumed;
    try (AwsCodeBuild afterRestart = new AwsCodeBuild(newClient(), RECHECK)) {
      resumed = fixture.run(CodeBuildExecutor.test(afterRestart), withToken(job, waiting.continuationToken()));
    }

    assertThat(resumed).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(builds()).containsExactly(waiting.continuationToken());
  }

  @Test
  @DisplayName("given a project that does not exist, then the action fails with a ConfigurationError from StartBuild")
  void unknownProject() throws Exception {
    ActionResult result = fixture.run(CodeBuildExecutor.build(new AwsCodeBuild(client, RECHECK)),
        job().configuration(Map.of("ProjectName", "no-such-project")).build());

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("ConfigurationError");
      assertThat(failed.message()).isEqualTo("Error calling startBuild: Project cannot be found: "
          + "arn:aws:codebuild:us-east-1:123456789012:project/no-such-project");
    });
  }

  @Test
  @DisplayName("given output artifacts, then the action is refused before any build starts")
  void outputArtifactsAreRefused() throws Exception {
    ActionResult result = fixture.run(CodeBuildExecutor.build(new AwsCodeBuild(client, RECHECK)),
        job().outputs(new OutputArtifact("Out")).build());

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class,
        failed -> assertThat(failed.failureType()).isEqualTo("ConfigurationError"));
    assertThat(builds()).isEmpty();
  }

  @Test
  @DisplayName("given a build that ended FAILED, then the action fails with the phase and its context")
  void failedBuild() throws Exception {
    Build build = Build.builder().id("app:1").buildStatus(StatusType.FAILED).currentPhase("COMPLETED")
        .phases(phase(BuildPhaseType.INSTALL, StatusType.SUCCEEDED, null, null),
            phase(BuildPhaseType.BUILD, StatusType.FAILED, "COMMAND_EXECUTION_ERROR",
                "Error while executing command: make. Reason: exit status 2"),
            phase(BuildPhaseType.POST_BUILD, StatusType.SUCCEEDED, null, null))
        .logs(l -> l.deepLink("https://console.aws.amazon.com/cloudwatch/home#logEvent:group=x"))
        .build();

    ActionResult result = outcome(build);

    assertThat(result).isEqualTo(new ActionResult.Failed("JobFailed", "Build terminated with state: FAILED. Phase: BUILD, "
        + "Code: COMMAND_EXECUTION_ERROR, Message: Error while executing command: make. Reason: exit status 2", "app:1",
        "https://console.aws.amazon.com/cloudwatch/home#logEvent:group=x"));
  }

  @Test
  @DisplayName("given a build that timed out, stopped or faulted, then the action fails with that state")
  void otherEndStates() throws Exception {
    for (StatusType status : new StatusType[] {StatusType.TIMED_OUT, StatusType.STOPPED, StatusType.FAULT}) {
      Build build = Build.builder().id("app:2").buildStatus(status).currentPhase("BUILD")
          .phases(phase(BuildPhaseType.BUILD, status, null, null)).build();

      assertThat(outcome(build)).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> assertThat(failed.message())
          .isEqualTo("Build terminated with state: " + status + ". Phase: BUILD, Code: " + status + ", Message: "));
    }
  }

  @Test
  @DisplayName("given a build still running, then the action waits again; given it succeeded with exported variables, "
      + "then they are the output variables")
  void inProgressAndExportedVariables() throws Exception {
    Build running = Build.builder().id("app:3").buildStatus(StatusType.IN_PROGRESS).currentPhase("BUILD").build();
    Build done = Build.builder().id("app:3").buildStatus(StatusType.SUCCEEDED)
        .exportedEnvironmentVariables(v -> v.name("VERSION").value("1.2.3")).build();

    assertThat(outcome(running)).isEqualTo(new ActionResult.InProgress("app:3", RECHECK, "Build app:3 in phase BUILD",
        "app:3", null, null));
    assertThat(((ActionResult.Succeeded) outcome(done)).outputVariables()).containsExactly(Map.entry("VERSION", "1.2.3"));
  }

  private ActionResult outcome(Build build) throws Exception {
    ActionJob job = job().build();
    try (LocalActionContext context = fixture.contexts.open(job)) {
      return new AwsCodeBuild(client, RECHECK).outcome(build, context);
    }
  }

  private static BuildPhase phase(BuildPhaseType type, StatusType status, String code, String message) {
    BuildPhase.Builder phase = BuildPhase.builder().phaseType(type).phaseStatus(status);
    if (code != null) {
      phase.contexts(PhaseContext.builder().statusCode(code).message(message).build());
    }
    return phase.build();
  }

  private ActionFixture.JobBuilder job() {
    return ActionFixture.job(CodeBuildExecutor.BUILD.id()).configuration(Map.of("ProjectName", project)).inputs(source);
  }

  private java.util.List<String> builds() {
    return client.listBuildsForProject(b -> b.projectName(project)).ids();
  }

  private static ActionJob withToken(ActionJob job, String token) {
    return new ActionJob(job.actionExecutionId(), job.pipelineName(), job.pipelineExecutionId(), job.stageName(),
        job.actionName(), job.actionTypeId(), job.configuration(), job.commands(), job.environmentVariables(),
        job.outputVariables(), job.inputArtifacts(), job.outputArtifacts(), job.region(), token, job.timeout());
  }

  private static CodeBuildClient newClient() {
    return CodeBuildClients.builder(moto.endpoint(), "us-east-1",
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .overrideConfiguration(c -> c.addExecutionInterceptor(new MotoTimestamps()))
        .build();
  }
}

package dev.flowline.api;

import static dev.flowline.api.CustomPipelines.sourceCustomDeploy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowline.FlowlineTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionCategory;
import software.amazon.awssdk.services.codepipeline.model.ActionConfigurationProperty;
import software.amazon.awssdk.services.codepipeline.model.ActionType;
import software.amazon.awssdk.services.codepipeline.model.ActionTypeDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ActionTypeNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.ActionTypeProperty;
import software.amazon.awssdk.services.codepipeline.model.ExecutorType;
import software.amazon.awssdk.services.codepipeline.model.InvalidActionDeclarationException;
import software.amazon.awssdk.services.codepipeline.model.Job;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.RequestFailedException;
import software.amazon.awssdk.services.codepipeline.model.ValidationException;

/** UpdateActionType with the SDK v2 client (and once with the AWS CLI): what changes, what is refused. */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpdateActionTypeSdkTest {

  static final Duration PATIENCE = Duration.ofSeconds(30);

  @LocalServerPort
  int port;

  @TempDir
  Path work;

  @Autowired
  IdentityService identity;

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

  static ActionTypeProperty property(String name, boolean optional, boolean noEcho, boolean queryable) {
    return ActionTypeProperty.builder().name(name).optional(optional).key(true).noEcho(noEcho).queryable(queryable)
        .description(name + " of the job").build();
  }

  /** A declaration of {@code Build/<owner>/<provider>/1}: one input, up to one output, {@code properties}. */
  static ActionTypeDeclaration.Builder declaration(String owner, String provider, ActionTypeProperty... properties) {
    return ActionTypeDeclaration.builder()
        .id(i -> i.category("Build").owner(owner).provider(provider).version("1"))
        .executor(e -> e.type(ExecutorType.JOB_WORKER).configuration(c -> c.jobWorkerExecutorConfiguration(j -> { })))
        .inputArtifactDetails(d -> d.minimumCount(1).maximumCount(1))
        .outputArtifactDetails(d -> d.minimumCount(0).maximumCount(1))
        .properties(properties);
  }

  ActionTypeDeclaration get(String provider) {
    return client.getActionType(r -> r.category(ActionCategory.BUILD).owner("Custom").provider(provider).version("1"))
        .actionType();
  }

  ActionType listed(String provider) {
    return client.listActionTypes(r -> r.actionOwnerFilter("Custom")).actionTypes().stream()
        .filter(t -> t.id().provider().equals(provider)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("an update changes description, executor, artifacts, properties and urls; GetActionType and"
      + " ListActionTypes show it, and pipelines created afterwards are validated against it")
  void updateIsSeenEverywhere() {
    CustomPipelines.registerType(client, "UpdTool");
    client.createPipeline(r -> r.pipeline(sourceCustomDeploy("upd-before", "UpdTool", "app", null)));

    client.updateActionType(r -> r.actionType(declaration("Custom", "UpdTool",
        property("ProjectName", false, false, true), property("Branch", false, false, false),
        property("Token", true, true, false))
        .description("Builds with the in-house tool")
        .executor(e -> e.type(ExecutorType.JOB_WORKER).jobTimeout(600).configuration(c -> c
            .jobWorkerExecutorConfiguration(j -> j.pollingAccounts("123456789012")
                .pollingServicePrincipals("codepipeline.amazonaws.com"))))
        .inputArtifactDetails(d -> d.minimumCount(1).maximumCount(2))
        .permissions(p -> p.allowedAccounts("*"))
        .urls(u -> u.entityUrlTemplate("https://ci.example.com/{Config:ProjectName}")
            .executionUrlTemplate("https://ci.example.com/run/{ExternalExecutionId}"))
        .build()));

    ActionTypeDeclaration shown = get("UpdTool");
    assertThat(shown.description()).isEqualTo("Builds with the in-house tool");
    assertThat(shown.executor().type()).isEqualTo(ExecutorType.JOB_WORKER);
    assertThat(shown.executor().jobTimeout()).isEqualTo(600);
    assertThat(shown.executor().configuration().jobWorkerExecutorConfiguration().pollingAccounts())
        .containsExactly("123456789012");
    assertThat(shown.executor().configuration().jobWorkerExecutorConfiguration().pollingServicePrincipals())
        .containsExactly("codepipeline.amazonaws.com");
    assertThat(shown.inputArtifactDetails().maximumCount()).isEqualTo(2);
    assertThat(shown.permissions().allowedAccounts()).containsExactly("*");
    assertThat(shown.urls().entityUrlTemplate()).isEqualTo("https://ci.example.com/{Config:ProjectName}");
    assertThat(shown.properties()).extracting(ActionTypeProperty::name, ActionTypeProperty::optional,
        ActionTypeProperty::noEcho, ActionTypeProperty::queryable)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ProjectName", false, false, true),
            org.assertj.core.groups.Tuple.tuple("Branch", false, false, false),
            org.assertj.core.groups.Tuple.tuple("Token", true, true, false));
    ActionType inList = listed("UpdTool");
    assertThat(inList.actionConfigurationProperties()).extracting(ActionConfigurationProperty::name,
        ActionConfigurationProperty::required, ActionConfigurationProperty::secret)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("ProjectName", true, false),
            org.assertj.core.groups.Tuple.tuple("Branch", true, false),
            org.assertj.core.groups.Tuple.tuple("Token", false, true));
    assertThat(inList.settings().executionUrlTemplate()).isEqualTo("https://ci.example.com/run/{ExternalExecutionId}");
    assertThat(inList.inputArtifactDetails().maximumCount()).isEqualTo(2);

    assertThatThrownBy(() -> client.createPipeline(r -> r.pipeline(
        sourceCustomDeploy("upd-after", "UpdTool", "app", null))))
        .isInstanceOf(InvalidActionDeclarationException.class)
        .hasMessageContaining("is missing required configuration 'Branch'");
    var withBranch = sourceCustomDeploy("upd-after", "UpdTool", "app", null);
    var build = withBranch.stages().get(1).actions().get(0);
    client.createPipeline(r -> r.pipeline(withBranch.toBuilder().stages(withBranch.stages().get(0),
        withBranch.stages().get(1).toBuilder().actions(build.toBuilder()
            .configuration(Map.of("ProjectName", "app", "Branch", "main")).build()).build(),
        withBranch.stages().get(2)).build()));
    assertThat(client.getPipeline(r -> r.name("upd-before")).pipeline().stages().get(1).actions().get(0)
        .configuration()).doesNotContainKey("Branch");
  }

  @Test
  @DisplayName("a job handed out before an update keeps its configuration and artifacts and finishes its execution")
  void runningJobIsUnaffected() {
    CustomPipelines.registerType(client, "UpdRunTool");
    client.createPipeline(r -> r.pipeline(sourceCustomDeploy("upd-running", "UpdRunTool", "app", null)));
    String executionId = client.startPipelineExecution(r -> r.name("upd-running")).pipelineExecutionId();
    List<Job> found = new ArrayList<>();
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
      client.pollForJobs(r -> r.actionTypeId(CustomPipelines.type("UpdRunTool")).maxBatchSize(5)
          .queryParam(Map.of("ProjectName", "app"))).jobs().stream()
          .filter(j -> j.data().pipelineContext().pipelineExecutionId().equals(executionId)).forEach(found::add);
      return !found.isEmpty();
    });
    Job job = found.get(0);
    client.acknowledgeJob(r -> r.jobId(job.id()).nonce(job.nonce()));

    client.updateActionType(r -> r.actionType(declaration("Custom", "UpdRunTool",
        property("ProjectName", false, false, false), property("Branch", false, false, false)).build()));

    var details = client.getJobDetails(r -> r.jobId(job.id())).jobDetails().data();
    assertThat(details.actionConfiguration().configuration()).containsOnlyKeys("ProjectName");
    CustomPipelines.upload(details.outputArtifacts().get(0), "result.txt", "built before the update");
    client.putJobSuccessResult(r -> r.jobId(job.id()).outputVariables(Map.of("Greeting", "upd-" + executionId)));
    await().atMost(PATIENCE).until(() -> client.getPipelineExecution(r -> r.pipelineName("upd-running")
        .pipelineExecutionId(executionId)).pipelineExecution().status() != PipelineExecutionStatus.IN_PROGRESS);
    assertThat(client.getPipelineExecution(r -> r.pipelineName("upd-running").pipelineExecutionId(executionId))
        .pipelineExecution().status()).isEqualTo(PipelineExecutionStatus.SUCCEEDED);
  }

  @Test
  @DisplayName("an updated jobTimeout is the timeout of the type's actions started afterwards that declare none")
  void jobTimeoutAppliesToLaterActions() {
    CustomPipelines.registerType(client, "UpdTimeoutTool");
    client.updateActionType(r -> r.actionType(declaration("Custom", "UpdTimeoutTool",
        property("ProjectName", false, false, true))
        .executor(e -> e.type(ExecutorType.JOB_WORKER).jobTimeout(120)
            .configuration(c -> c.jobWorkerExecutorConfiguration(j -> { }))).build()));
    client.createPipeline(r -> r.pipeline(sourceCustomDeploy("upd-timeout", "UpdTimeoutTool", "app", null)));
    String executionId = client.startPipelineExecution(r -> r.name("upd-timeout")).pipelineExecutionId();
    List<Job> found = new ArrayList<>();
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
      client.pollForJobs(r -> r.actionTypeId(CustomPipelines.type("UpdTimeoutTool")).maxBatchSize(5)
          .queryParam(Map.of("ProjectName", "app"))).jobs().stream()
          .filter(j -> j.data().pipelineContext().pipelineExecutionId().equals(executionId)).forEach(found::add);
      return !found.isEmpty();
    });
    client.acknowledgeJob(r -> r.jobId(found.get(0).id()).nonce(found.get(0).nonce()));

    ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + Duration.ofMinutes(3).toMillis()));

    await().atMost(PATIENCE).until(() -> client.getPipelineExecution(r -> r.pipelineName("upd-timeout")
        .pipelineExecutionId(executionId)).pipelineExecution().status() == PipelineExecutionStatus.FAILED);
    assertThat(client.listActionExecutions(r -> r.pipelineName("upd-timeout")
        .filter(f -> f.pipelineExecutionId(executionId))).actionExecutionDetails().stream()
        .filter(d -> d.actionName().equals("External")).findFirst().orElseThrow()
        .output().executionResult().externalExecutionSummary()).contains("timed out after 2 minutes");
  }

  @Test
  @DisplayName("unknown, built-in and configured ThirdParty types and malformed declarations are refused with AWS's"
      + " exception names, and nothing changes")
  void refusals() {
    CustomPipelines.registerType(client, "UpdStrictTool");
    ActionTypeDeclaration before = get("UpdStrictTool");

    assertThatThrownBy(() -> client.updateActionType(r -> r.actionType(
        declaration("Custom", "NoSuchTool", property("ProjectName", false, false, false)).build())))
        .isInstanceOf(ActionTypeNotFoundException.class).hasMessageContaining("Provider: 'NoSuchTool'");
    assertThatThrownBy(() -> client.updateActionType(r -> r.actionType(declaration("AWS", "CodeBuild").build())))
        .isInstanceOf(RequestFailedException.class).hasMessageContaining("built into Flowline");
    assertThatThrownBy(() -> client.updateActionType(r -> r.actionType(declaration("ThirdParty", "PartnerDeploy")
        .id(i -> i.category("Deploy").owner("ThirdParty").provider("PartnerDeploy").version("1")).build())))
        .isInstanceOf(RequestFailedException.class)
        .hasMessageContaining("flowline.jobs.third-party-action-types");
    assertThatThrownBy(() -> client.updateActionType(r -> r.actionType(declaration("Custom", "UpdStrictTool")
        .executor(e -> e.type(ExecutorType.LAMBDA).configuration(c -> c.lambdaExecutorConfiguration(l -> l
            .lambdaFunctionArn("arn:aws:lambda:us-east-1:123456789012:function:f")))).build())))
        .isInstanceOf(ValidationException.class).hasMessageContaining("actionType.executor.type");
    assertThatThrownBy(() -> client.updateActionType(r -> r.actionType(declaration("Custom", "UpdStrictTool")
        .executor(e -> e.type(ExecutorType.JOB_WORKER).configuration(c -> c.jobWorkerExecutorConfiguration(j -> j
            .pollingAccounts("999999999999")))).build())))
        .isInstanceOf(ValidationException.class).hasMessageContaining("pollingAccounts");
    assertThatThrownBy(() -> client.updateActionType(r -> r.actionType(declaration("Custom", "UpdStrictTool")
        .executor(e -> e.type(ExecutorType.JOB_WORKER).jobTimeout(5)
            .configuration(c -> c.jobWorkerExecutorConfiguration(j -> { }))).build())))
        .isInstanceOf(ValidationException.class).hasMessageContaining("jobTimeout");
    assertThatThrownBy(() -> client.updateActionType(r -> r.actionType(declaration("Custom", "UpdStrictTool")
        .outputArtifactDetails(d -> d.minimumCount(2).maximumCount(1)).build())))
        .isInstanceOf(ValidationException.class).hasMessageContaining("outputArtifactDetails.minimumCount");
    assertThatThrownBy(() -> client.updateActionType(r -> r.actionType(declaration("Custom", "UpdStrictTool",
        property("A", false, false, true), property("B", false, false, true)).build())))
        .isInstanceOf(ValidationException.class).hasMessageContaining("at most one queryable");
    assertThatThrownBy(() -> client.updateActionType(r -> r.actionType(declaration("Custom", "UpdStrictTool",
        property("A", true, false, true)).build())))
        .isInstanceOf(ValidationException.class).hasMessageContaining("required and not secret");

    assertThat(get("UpdStrictTool")).isEqualTo(before);
    client.deleteCustomActionType(r -> r.category(ActionCategory.BUILD).provider("UpdStrictTool").version("1"));
    assertThatThrownBy(() -> client.updateActionType(r -> r.actionType(
        declaration("Custom", "UpdStrictTool", property("ProjectName", false, false, false)).build())))
        .isInstanceOf(ActionTypeNotFoundException.class);
  }

  @Test
  @DisplayName("UpdateActionType needs the administrators' role: an editor is refused and the type stays as it was")
  void editorIsRefused() {
    if (identity.createUserQuery().userId("roleeditor").count() == 0) {
      User user = identity.newUser("roleeditor");
      user.setPassword(UUID.randomUUID().toString());
      identity.saveUser(user);
      identity.createMembership("roleeditor", "flowline-editors");
    }
    CustomPipelines.registerType(client, "UpdRoleTool");
    ActionTypeDeclaration before = get("UpdRoleTool");
    try (CodePipelineClient editor = ApiClients.codePipeline(port, "ROLEEDITOR0000000000", "editor-secret")) {
      assertThatThrownBy(() -> editor.updateActionType(r -> r.actionType(declaration("Custom", "UpdRoleTool",
          property("ProjectName", false, false, false), property("Branch", false, false, false)).build())))
          .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorCode())
              .isEqualTo("AccessDeniedException"));
    }
    assertThat(get("UpdRoleTool")).isEqualTo(before);
  }

  @Test
  @DisplayName("aws codepipeline update-action-type --cli-input-json updates a custom type")
  void cliUpdate() throws Exception {
    assumeTrue(TourScript.installed("aws"), "the AWS CLI is needed");
    CustomPipelines.registerType(client, "UpdCliTool");
    Path input = work.resolve("update.json");
    Files.writeString(input, """
        {"actionType": {
          "description": "Updated by the AWS CLI",
          "executor": {"type": "JobWorker", "jobTimeout": 900,
                       "configuration": {"jobWorkerExecutorConfiguration": {"pollingAccounts": ["123456789012"]}}},
          "id": {"category": "Build", "owner": "Custom", "provider": "UpdCliTool", "version": "1"},
          "inputArtifactDetails": {"minimumCount": 0, "maximumCount": 1},
          "outputArtifactDetails": {"minimumCount": 0, "maximumCount": 0},
          "properties": [{"name": "ProjectName", "optional": false, "key": true, "noEcho": false, "queryable": true},
                         {"name": "Stage", "optional": true, "key": false, "noEcho": false}],
          "urls": {"configurationUrl": "https://ci.example.com/config"}
        }}
        """);
    Path output = work.resolve("aws.log");
    ProcessBuilder builder = new ProcessBuilder("aws", "codepipeline", "update-action-type", "--cli-input-json",
        "file://" + input, "--endpoint-url", "http://127.0.0.1:" + port).redirectErrorStream(true)
        .redirectOutput(output.toFile()).directory(work.toFile());
    builder.environment().putAll(Map.of("AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
        "AWS_DEFAULT_REGION", "us-east-1", "AWS_PAGER", "",
        "AWS_ACCESS_KEY_ID", ApiProperties.DEFAULT_ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY", ApiProperties.DEFAULT_SECRET_ACCESS_KEY));
    builder.environment().remove("AWS_SESSION_TOKEN");
    builder.environment().remove("AWS_PROFILE");
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("aws codepipeline update-action-type did not finish");
    }
    assertThat(process.exitValue()).as(Files.readString(output, StandardCharsets.UTF_8)).isZero();

    ActionTypeDeclaration shown = get("UpdCliTool");
    assertThat(shown.description()).isEqualTo("Updated by the AWS CLI");
    assertThat(shown.executor().jobTimeout()).isEqualTo(900);
    assertThat(shown.outputArtifactDetails().maximumCount()).isZero();
    assertThat(shown.urls().configurationUrl()).isEqualTo("https://ci.example.com/config");
    assertThat(shown.properties()).extracting(ActionTypeProperty::name).containsExactly("ProjectName", "Stage");
    assertThat(listed("UpdCliTool").settings().thirdPartyConfigurationUrl()).isEqualTo("https://ci.example.com/config");
  }
}

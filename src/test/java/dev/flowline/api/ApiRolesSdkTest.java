package dev.flowline.api;

import static dev.flowline.api.SdkPipelines.APPROVAL_ACTION;
import static dev.flowline.api.SdkPipelines.APPROVAL_STAGE;
import static dev.flowline.api.SdkPipelines.sourceThenApproval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.flowline.FlowlineTest;
import dev.flowline.api.sigv4.VerifiedCaller;
import dev.flowline.pipeline.CodePipelineException;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionState;
import software.amazon.awssdk.services.codepipeline.model.ApprovalStatus;
import software.amazon.awssdk.services.codepipeline.model.StageState;

/**
 * Every API key acts as the Camunda user it names (application-test.yml), and a call has exactly the rights of
 * that user's role groups: through the real SDK v2 client, a refusal is AWS's AccessDeniedException and
 * changes nothing.
 */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiRolesSdkTest {

  static final Duration PATIENCE = Duration.ofSeconds(30);

  @LocalServerPort int port;
  @Autowired IdentityService identity;
  @Autowired Authorizer authorizer;
  @Autowired java.util.List<AwsService> services;

  CodePipelineClient admin;
  CodePipelineClient reader;
  CodePipelineClient operator;
  CodePipelineClient editor;
  CodePipelineClient approver;
  CodePipelineClient nobody;
  CodePipelineClient jobWorker;

  @BeforeAll
  void connect() {
    ApiTestData.putSourceObject();
    ensureUser("rolereader", "flowline-readers");
    ensureUser("roleoperator", "flowline-operators");
    ensureUser("roleeditor", "flowline-editors");
    ensureUser("roleapprover", "approvers");
    ensureUser("rolenobody", null);
    ensureUser("rolejobworker", "flowline-job-workers");
    admin = ApiClients.codePipeline(port);
    reader = ApiClients.codePipeline(port, "ROLEREADER0000000000", "reader-secret");
    operator = ApiClients.codePipeline(port, "ROLEOPERATOR00000000", "operator-secret");
    editor = ApiClients.codePipeline(port, "ROLEEDITOR0000000000", "editor-secret");
    approver = ApiClients.codePipeline(port, "ROLEAPPROVER00000000", "approver-secret");
    nobody = ApiClients.codePipeline(port, "ROLENOBODY0000000000", "nobody-secret");
    jobWorker = ApiClients.codePipeline(port, "ROLEJOBWORKER0000000", "jobworker-secret");
  }

  private void ensureUser(String id, String group) {
    if (identity.createUserQuery().userId(id).count() == 0) {
      User user = identity.newUser(id);
      user.setPassword(UUID.randomUUID().toString());
      identity.saveUser(user);
      if (group != null) {
        identity.createMembership(id, group);
      }
    }
  }

  @AfterAll
  void close() {
    for (CodePipelineClient client : new CodePipelineClient[] {admin, reader, operator, editor, approver, nobody, jobWorker}) {
      client.close();
    }
  }

  private static void assertAccessDenied(Runnable call, String operation, String resource) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(AwsServiceException.class, e -> {
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorMessage()).matches("User: arn:aws:iam::123456789012:user/role\\w+ is "
          + "not authorized to perform: codepipeline:" + operation + " on resource: " + resource);
    });
  }

  private String pipelineWithFirstExecution(String prefix) {
    String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    admin.createPipeline(r -> r.pipeline(sourceThenApproval(name)));
    return name;
  }

  @Test
  @DisplayName("a user without groups may call nothing: every operation is AccessDeniedException")
  void userWithoutRolesIsRefusedEverything() {
    String name = pipelineWithFirstExecution("roles-none");

    assertAccessDenied(() -> nobody.listPipelines(), "ListPipelines", "arn:aws:codepipeline:us-east-1:123456789012:\\*");
    assertAccessDenied(() -> nobody.getPipelineState(r -> r.name(name)), "GetPipelineState",
        "arn:aws:codepipeline:us-east-1:123456789012:" + name);
    assertAccessDenied(() -> nobody.startPipelineExecution(r -> r.name(name)), "StartPipelineExecution",
        "arn:aws:codepipeline:us-east-1:123456789012:" + name);
    assertAccessDenied(() -> nobody.deletePipeline(r -> r.name(name)), "DeletePipeline",
        "arn:aws:codepipeline:us-east-1:123456789012:" + name);
    assertThat(admin.getPipeline(r -> r.name(name)).pipeline().name()).isEqualTo(name);
  }

  @Test
  @DisplayName("jobs are for job workers: a reader cannot poll for jobs (they carry secrets), a job worker polls "
      + "but reads no pipeline")
  void jobsAreForJobWorkersOnly() {
    String name = pipelineWithFirstExecution("roles-jobs");
    software.amazon.awssdk.services.codepipeline.model.ActionTypeId type =
        software.amazon.awssdk.services.codepipeline.model.ActionTypeId.builder()
            .category("Build").owner("Custom").provider("RoleCheck").version("1").build();

    assertAccessDenied(() -> reader.pollForJobs(r -> r.actionTypeId(type)), "PollForJobs",
        "arn:aws:codepipeline:us-east-1:123456789012:\\*");
    assertAccessDenied(() -> operator.pollForJobs(r -> r.actionTypeId(type)), "PollForJobs",
        "arn:aws:codepipeline:us-east-1:123456789012:\\*");
    assertThatThrownBy(() -> jobWorker.pollForJobs(r -> r.actionTypeId(type)))
        .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorCode())
            .as("past authorization, the unknown type is the refusal").isEqualTo("ActionTypeNotFoundException"));
    assertAccessDenied(() -> jobWorker.getPipelineState(r -> r.name(name)), "GetPipelineState",
        "arn:aws:codepipeline:us-east-1:123456789012:" + name);
  }

  @Test
  @DisplayName("a reader reads state and history but cannot start, stop, create or delete, and nothing changes")
  void readerReadsButChangesNothing() {
    String name = pipelineWithFirstExecution("roles-read");

    assertThat(reader.getPipelineState(r -> r.name(name)).pipelineName()).isEqualTo(name);
    assertThat(reader.listPipelineExecutions(r -> r.pipelineName(name)).pipelineExecutionSummaries()).hasSize(1);
    assertAccessDenied(() -> reader.startPipelineExecution(r -> r.name(name)), "StartPipelineExecution",
        "arn:aws:codepipeline:us-east-1:123456789012:" + name);
    assertAccessDenied(() -> reader.createPipeline(r -> r.pipeline(sourceThenApproval(name + "-copy"))),
        "CreatePipeline", "arn:aws:codepipeline:us-east-1:123456789012:" + name + "-copy");
    assertAccessDenied(() -> reader.disableStageTransition(r -> r.pipelineName(name).stageName(APPROVAL_STAGE)
        .transitionType("Inbound").reason("no")), "DisableStageTransition",
        "arn:aws:codepipeline:us-east-1:123456789012:" + name);

    assertThat(admin.listPipelineExecutions(r -> r.pipelineName(name)).pipelineExecutionSummaries()).hasSize(1);
    assertThat(admin.listPipelines().pipelines()).noneMatch(p -> p.name().equals(name + "-copy"));
    assertThat(admin.getPipelineState(r -> r.name(name)).stageStates())
        .allSatisfy(s -> assertThat(s.inboundTransitionState().enabled()).isTrue());
  }

  @Test
  @DisplayName("an operator starts and stops executions but cannot change or delete the pipeline")
  void operatorRunsButDoesNotEdit() {
    String name = pipelineWithFirstExecution("roles-op");

    String started = operator.startPipelineExecution(r -> r.name(name)).pipelineExecutionId();
    operator.stopPipelineExecution(r -> r.pipelineName(name).pipelineExecutionId(started).abandon(true));

    assertAccessDenied(() -> operator.updatePipeline(r -> r.pipeline(sourceThenApproval(name))), "UpdatePipeline",
        "arn:aws:codepipeline:us-east-1:123456789012:" + name);
    assertAccessDenied(() -> operator.deletePipeline(r -> r.name(name)), "DeletePipeline",
        "arn:aws:codepipeline:us-east-1:123456789012:" + name);
    assertThat(admin.getPipeline(r -> r.name(name)).pipeline().version()).isEqualTo(1);
  }

  @Test
  @DisplayName("a pipeline editor creates, updates and deletes pipelines but cannot start an execution")
  void editorEditsButDoesNotRun() {
    String name = "roles-edit-" + UUID.randomUUID().toString().substring(0, 8);

    editor.createPipeline(r -> r.pipeline(sourceThenApproval(name)));
    editor.updatePipeline(r -> r.pipeline(sourceThenApproval(name)));
    assertAccessDenied(() -> editor.startPipelineExecution(r -> r.name(name)), "StartPipelineExecution",
        "arn:aws:codepipeline:us-east-1:123456789012:" + name);
    assertThat(admin.listPipelineExecutions(r -> r.pipelineName(name)).pipelineExecutionSummaries()).hasSize(1);
    assertThat(admin.getPipeline(r -> r.name(name)).pipeline().version()).isEqualTo(2);
    editor.deletePipeline(r -> r.name(name));
    assertThat(admin.listPipelines().pipelines()).noneMatch(p -> p.name().equals(name));
  }

  @Test
  @DisplayName("PutApprovalResult: a user outside the approval's candidate group is refused and the approval "
      + "still waits; a member of it approves")
  void onlyCandidatesApprove() {
    String name = pipelineWithFirstExecution("roles-approve");
    String token = await().atMost(PATIENCE).until(() -> approvalToken(name), Objects::nonNull);

    assertAccessDenied(() -> operator.putApprovalResult(r -> r.pipelineName(name).stageName(APPROVAL_STAGE)
        .actionName(APPROVAL_ACTION).token(token).result(a -> a.status(ApprovalStatus.APPROVED).summary("me"))),
        "PutApprovalResult", "arn:aws:codepipeline:us-east-1:123456789012:" + name);
    assertAccessDenied(() -> reader.putApprovalResult(r -> r.pipelineName(name).stageName(APPROVAL_STAGE)
        .actionName(APPROVAL_ACTION).token(token).result(a -> a.status(ApprovalStatus.APPROVED).summary("me"))),
        "PutApprovalResult", "arn:aws:codepipeline:us-east-1:123456789012:" + name);
    assertThat(approvalToken(name)).isEqualTo(token);

    approver.putApprovalResult(r -> r.pipelineName(name).stageName(APPROVAL_STAGE).actionName(APPROVAL_ACTION)
        .token(token).result(a -> a.status(ApprovalStatus.APPROVED).summary("ship it")));
    await().atMost(PATIENCE).until(() -> admin.listPipelineExecutions(r -> r.pipelineName(name))
        .pipelineExecutionSummaries().get(0).statusAsString().equals("Succeeded"));
  }

  @Test
  @DisplayName("an operation missing from the permission table is refused even to an administrator (fails closed)")
  void operationOutsideTheTableIsRefused() {
    VerifiedCaller administrator = new VerifiedCaller(ApiProperties.DEFAULT_ACCESS_KEY_ID, "admin");
    JsonNodeFactory json = JsonNodeFactory.instance;

    assertThatThrownBy(() -> authorizer.check(administrator, "codepipeline", "SomeFutureOperation",
        json.objectNode().put("pipelineName", "p")))
        .isInstanceOfSatisfying(CodePipelineException.class, e -> {
          assertThat(e.errorType()).isEqualTo("AccessDeniedException");
          assertThat(e.getMessage()).isEqualTo("User: arn:aws:iam::123456789012:user/admin is not authorized to "
              + "perform: codepipeline:SomeFutureOperation on resource: arn:aws:codepipeline:us-east-1:123456789012:p");
        });
    authorizer.check(administrator, "codepipeline", "StartPipelineExecution", json.objectNode().put("name", "p"));
  }

  @Test
  @DisplayName("every operation Flowline implements has a row in the permission table, so none is refused to all")
  void everyImplementedOperationHasAPermission() {
    assertThat(services).hasSizeGreaterThanOrEqualTo(2);
    for (AwsService service : services) {
      assertThat(service.registry().implemented())
          .allSatisfy(operation -> assertThat(OperationPermissions.required(service.model().signingName(), operation))
              .as(service.model().signingName() + ":" + operation).isPresent());
    }
  }

  private String approvalToken(String name) {
    return admin.getPipelineState(r -> r.name(name)).stageStates().stream()
        .filter(s -> s.stageName().equals(APPROVAL_STAGE)).map(StageState::actionStates)
        .flatMap(java.util.List::stream).map(ActionState::latestExecution).filter(Objects::nonNull)
        .filter(e -> "InProgress".equals(e.statusAsString())).map(e -> e.token()).filter(Objects::nonNull)
        .findFirst().orElse(null);
  }
}

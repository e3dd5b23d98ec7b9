package dev.flowline.api;

import static dev.flowline.api.SdkPipelines.sourceThenApproval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.FlowlineTest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionCategory;
import software.amazon.awssdk.services.codepipeline.model.ActionOwner;
import software.amazon.awssdk.services.codepipeline.model.ActionType;
import software.amazon.awssdk.services.codepipeline.model.ActionTypeNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.CodePipelineException;
import software.amazon.awssdk.services.codepipeline.model.CreatePipelineResponse;
import software.amazon.awssdk.services.codepipeline.model.GetActionTypeResponse;
import software.amazon.awssdk.services.codepipeline.model.GetPipelineResponse;
import software.amazon.awssdk.services.codepipeline.model.InvalidStructureException;
import software.amazon.awssdk.services.codepipeline.model.PipelineDeclaration;
import software.amazon.awssdk.services.codepipeline.model.PipelineNameInUseException;
import software.amazon.awssdk.services.codepipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.PipelineSummary;
import software.amazon.awssdk.services.codepipeline.model.PipelineVersionNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.Tag;
import software.amazon.awssdk.services.codepipeline.model.ValidationException;

/** CreatePipeline, GetPipeline, UpdatePipeline, ListPipelines, DeletePipeline and action types, via the SDK v2 client. */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelinesSdkTest {

  @LocalServerPort
  int port;

  CodePipelineClient client;

  @BeforeAll
  void connect() {
    ApiTestData.putSourceObject();
    client = ApiClients.codePipeline(port);
  }

  @AfterAll
  void close() {
    client.close();
  }

  @Test
  @DisplayName("CreatePipeline returns the declaration as version 1 with its tags; GetPipeline adds ARN, created, updated")
  void createThenGet() {
    CreatePipelineResponse created = client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-create"))
        .tags(Tag.builder().key("team").value("platform").build()));
    GetPipelineResponse fetched = client.getPipeline(r -> r.name("sdk-create"));

    assertThat(created.pipeline().version()).isEqualTo(1);
    assertThat(SdkPipelines.stageNames(created.pipeline())).containsExactly("Source", "Approve");
    assertThat(created.tags()).containsExactly(Tag.builder().key("team").value("platform").build());
    assertThat(fetched.pipeline()).isEqualTo(created.pipeline());
    assertThat(fetched.metadata().pipelineArn()).isEqualTo("arn:aws:codepipeline:us-east-1:123456789012:sdk-create");
    assertThat(fetched.metadata().created()).isBetween(Instant.now().minusSeconds(60), Instant.now());
    assertThat(fetched.metadata().updated()).isNotNull();
  }

  @Test
  @DisplayName("given a pipeline name in use, CreatePipeline answers PipelineNameInUseException")
  void nameInUse() {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-twice")));

    assertThatThrownBy(() -> client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-twice"))))
        .isInstanceOf(PipelineNameInUseException.class);
  }

  @Test
  @DisplayName("given a name outside the pattern, CreatePipeline answers ValidationException in Coral wording, creating nothing")
  void invalidNameIsAValidationException() {
    assertThatThrownBy(() -> client.createPipeline(r -> r.pipeline(sourceThenApproval("no spaces allowed"))))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value 'no spaces "
              + "allowed' at 'pipeline.name' failed to satisfy constraint: Member must satisfy regular expression "
              + "pattern: [A-Za-z0-9.@\\-_]+");
        });
    assertThat(client.listPipelines(r -> { }).pipelines()).extracting(PipelineSummary::name)
        .doesNotContain("no spaces allowed");
  }

  @Test
  @DisplayName("given a single-stage pipeline, CreatePipeline answers InvalidStructureException from structural validation")
  void structuralRulesApply() {
    PipelineDeclaration oneStage = sourceThenApproval("sdk-one-stage").toBuilder()
        .stages(sourceThenApproval("x").stages().get(0)).build();

    assertThatThrownBy(() -> client.createPipeline(r -> r.pipeline(oneStage)))
        .isInstanceOf(InvalidStructureException.class);
    assertThatThrownBy(() -> client.getPipeline(r -> r.name("sdk-one-stage")))
        .isInstanceOf(PipelineNotFoundException.class);
  }

  @Test
  @DisplayName("given no such pipeline, GetPipeline answers PipelineNotFoundException in AWS's words")
  void pipelineNotFound() {
    assertThatThrownBy(() -> client.getPipeline(r -> r.name("sdk-missing")))
        .isInstanceOfSatisfying(PipelineNotFoundException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
            .isEqualTo("Account '123456789012' does not have a pipeline with name 'sdk-missing'"));
  }

  @Test
  @DisplayName("UpdatePipeline stores version 2; GetPipeline with version 1 still returns the first declaration")
  void updateKeepsVersions() {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-update")));
    PipelineDeclaration changed = sourceThenApproval("sdk-update").toBuilder()
        .stages(sourceThenApproval("x").stages().get(0), sourceThenApproval("x").stages().get(1).toBuilder()
            .name("Gate").build())
        .build();

    PipelineDeclaration updated = client.updatePipeline(r -> r.pipeline(changed)).pipeline();

    assertThat(updated.version()).isEqualTo(2);
    assertThat(SdkPipelines.stageNames(client.getPipeline(r -> r.name("sdk-update")).pipeline()))
        .containsExactly("Source", "Gate");
    assertThat(SdkPipelines.stageNames(client.getPipeline(r -> r.name("sdk-update").version(1)).pipeline()))
        .containsExactly("Source", "Approve");
    assertThatThrownBy(() -> client.getPipeline(r -> r.name("sdk-update").version(3)))
        .isInstanceOf(PipelineVersionNotFoundException.class);
  }

  @Test
  @DisplayName("ListPipelines' paginator with maxResults 1 walks every pipeline once, sorted by name")
  void listPipelinesPaginator() {
    for (String name : List.of("sdk-list-a", "sdk-list-b", "sdk-list-c")) {
      client.createPipeline(r -> r.pipeline(sourceThenApproval(name)));
    }

    List<String> names = client.listPipelinesPaginator(r -> r.maxResults(1)).pipelines().stream()
        .map(PipelineSummary::name).toList();

    assertThat(names).doesNotHaveDuplicates().isSorted().contains("sdk-list-a", "sdk-list-b", "sdk-list-c");
    assertThat(client.listPipelines(r -> r.maxResults(1)).nextToken()).isNotNull();
  }

  @Test
  @DisplayName("DeletePipeline removes the pipeline; deleting it again is not an error")
  void delete() {
    client.createPipeline(r -> r.pipeline(sourceThenApproval("sdk-delete")));

    client.deletePipeline(r -> r.name("sdk-delete"));

    assertThatThrownBy(() -> client.getPipeline(r -> r.name("sdk-delete"))).isInstanceOf(PipelineNotFoundException.class);
    client.deletePipeline(r -> r.name("sdk-delete"));
  }

  @Test
  @DisplayName("ListActionTypes lists the runnable types with their properties and artifact counts; the filter applies")
  void listActionTypes() {
    List<ActionType> types = client.listActionTypesPaginator(r -> r.actionOwnerFilter(ActionOwner.AWS))
        .actionTypes().stream().toList();

    ActionType manual = types.stream().filter(t -> t.id().provider().equals("Manual")).findFirst().orElseThrow();
    assertThat(manual.id().category()).isEqualTo(ActionCategory.APPROVAL);
    assertThat(manual.inputArtifactDetails().maximumCount()).isZero();
    assertThat(manual.actionConfigurationProperties()).anySatisfy(p -> assertThat(p.name()).isEqualTo("CustomData"));
    assertThat(types).allSatisfy(t -> assertThat(t.id().owner()).isEqualTo(ActionOwner.AWS));
    assertThat(types).extracting(t -> t.id().category() + "/" + t.id().provider())
        .contains("Deploy/CloudFormation", "Invoke/StepFunctions");
    assertThat(client.listActionTypes(r -> r.actionOwnerFilter(ActionOwner.CUSTOM)).actionTypes())
        .noneMatch(t -> t.id().owner() == ActionOwner.AWS);
  }

  @Test
  @DisplayName("GetActionType describes a runnable type; an unknown one is ActionTypeNotFoundException")
  void getActionType() {
    GetActionTypeResponse manual = client.getActionType(r -> r.category(ActionCategory.APPROVAL).owner("AWS")
        .provider("Manual").version("1"));

    assertThat(manual.actionType().id().provider()).isEqualTo("Manual");
    assertThat(manual.actionType().executor().typeAsString()).isEqualTo("JobWorker");
    assertThatThrownBy(() -> client.getActionType(r -> r.category(ActionCategory.BUILD).owner("AWS")
        .provider("NoSuchBuilder").version("1"))).isInstanceOf(ActionTypeNotFoundException.class);
  }

  @Test
  @DisplayName("given an operation Flowline does not implement, the SDK sees 400 UnsupportedOperationException")
  void unsupportedOperation() {
    assertThatThrownBy(() -> client.listDeployActionExecutionTargets(r -> r.actionExecutionId("x")))
        .isInstanceOfSatisfying(CodePipelineException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnsupportedOperationException");
          assertThat(e.awsErrorDetails().errorMessage())
              .isEqualTo("Flowline does not implement ListDeployActionExecutionTargets yet (see docs/api-coverage.md)");
        });
  }

  @Test
  @DisplayName("given an unknown access key, the SDK sees 403 UnrecognizedClientException")
  void unknownAccessKey() {
    try (CodePipelineClient stranger = ApiClients.codePipeline(port, "AKIDSTRANGER00000000", "whatever")) {
      assertThatThrownBy(() -> stranger.listPipelines(r -> { }))
          .isInstanceOfSatisfying(CodePipelineException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
          });
    }
  }

  @Test
  @DisplayName("given the right key with a wrong secret, the SDK sees 403 InvalidSignatureException")
  void wrongSecret() {
    try (CodePipelineClient impostor = ApiClients.codePipeline(port, ApiProperties.DEFAULT_ACCESS_KEY_ID, "guess")) {
      assertThatThrownBy(() -> impostor.listPipelines(r -> { }))
          .isInstanceOfSatisfying(CodePipelineException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
          });
    }
  }
}

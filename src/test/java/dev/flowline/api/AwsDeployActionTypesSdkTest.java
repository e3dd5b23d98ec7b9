package dev.flowline.api;

import static dev.flowline.api.SdkPipelines.sourceThenApproval;
import static dev.flowline.api.SdkPipelines.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.FlowlineTest;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionCategory;
import software.amazon.awssdk.services.codepipeline.model.ActionConfigurationProperty;
import software.amazon.awssdk.services.codepipeline.model.ActionDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ActionOwner;
import software.amazon.awssdk.services.codepipeline.model.ActionType;
import software.amazon.awssdk.services.codepipeline.model.InputArtifact;
import software.amazon.awssdk.services.codepipeline.model.InvalidActionDeclarationException;
import software.amazon.awssdk.services.codepipeline.model.PipelineDeclaration;
import software.amazon.awssdk.services.codepipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.StageDeclaration;

/** Deploy/AWS/ECS, CodeDeploy and CodeDeployToECS through the CodePipeline API, as the SDK sees them. */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsDeployActionTypesSdkTest {

  @LocalServerPort
  int port;

  CodePipelineClient client;

  @BeforeAll
  void connect() {
    client = ApiClients.codePipeline(port);
  }

  @AfterAll
  void close() {
    client.close();
  }

  @Test
  @DisplayName("ListActionTypes lists ECS, CodeDeploy and CodeDeployToECS with AWS's artifact counts and keys")
  void listed() {
    Map<String, ActionType> deploy = client.listActionTypesPaginator(r -> r.actionOwnerFilter(ActionOwner.AWS))
        .actionTypes().stream().filter(t -> t.id().category() == ActionCategory.DEPLOY)
        .collect(Collectors.toMap(t -> t.id().provider(), t -> t));

    assertThat(deploy).containsKeys("ECS", "CodeDeploy", "CodeDeployToECS");
    ActionType ecs = deploy.get("ECS");
    assertThat(ecs.inputArtifactDetails().minimumCount()).isEqualTo(1);
    assertThat(ecs.inputArtifactDetails().maximumCount()).isEqualTo(1);
    assertThat(ecs.outputArtifactDetails().maximumCount()).isZero();
    assertThat(ecs.actionConfigurationProperties()).filteredOn(ActionConfigurationProperty::required)
        .extracting(ActionConfigurationProperty::name).containsExactly("ClusterName", "ServiceName");
    assertThat(deploy.get("CodeDeployToECS").inputArtifactDetails().maximumCount()).isEqualTo(5);
    assertThat(deploy.get("CodeDeployToECS").actionConfigurationProperties())
        .extracting(ActionConfigurationProperty::name).contains("Image4ArtifactName", "Image4ContainerName");
    assertThat(deploy.get("CodeDeploy").actionConfigurationProperties())
        .filteredOn(ActionConfigurationProperty::required).extracting(ActionConfigurationProperty::name).containsExactly("ApplicationName", "DeploymentGroupName");
  }

  @Test
  @DisplayName("CreatePipeline refuses an ECS action without ServiceName with AWS's message, and creates nothing")
  void missingKeyRefused() {
    PipelineDeclaration base = sourceThenApproval("sdk-ecs-missing-key");
    PipelineDeclaration pipeline = base.toBuilder().stages(base.stages().get(0), StageDeclaration.builder()
        .name("Deploy").actions(ActionDeclaration.builder().name("Ecs")
            .actionTypeId(type(ActionCategory.DEPLOY, "ECS")).configuration(Map.of("ClusterName", "shop"))
            .inputArtifacts(InputArtifact.builder().name("SourceOutput").build()).build()).build()).build();

    assertThatThrownBy(() -> client.createPipeline(r -> r.pipeline(pipeline)))
        .isInstanceOf(InvalidActionDeclarationException.class)
        .hasMessageContaining("Action configuration for action 'Ecs' is missing required configuration 'ServiceName'");
    assertThatThrownBy(() -> client.getPipeline(r -> r.name("sdk-ecs-missing-key")))
        .isInstanceOf(PipelineNotFoundException.class);
  }
}

package dev.flowline.actions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionExecutorRegistry;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.source.EcrSourceExecutor;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import dev.flowline.pipeline.KnownActionTypes;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineValidator;
import dev.flowline.pipeline.Violation;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

/**
 * The ECS, CodeDeploy and CodeDeployToECS types as CreatePipeline and ListActionTypes see them: AWS's artifact
 * counts, timeouts and configuration keys, and a definition copied from AWS accepted or refused as AWS would.
 */
class AwsDeployActionTypesTest {

  // builds no client and resolves nothing until an action runs
  final AwsClients clients = new AwsClients("us-east-1", Map.of(), URI.create("http://127.0.0.1:9"), false,
      AnonymousCredentialsProvider.create());
  final List<ActionExecutor> executors = List.of(new EcsDeployExecutor(clients, Duration.ofSeconds(1)),
      new CodeDeployExecutor(clients, Duration.ofSeconds(1)), new CodeDeployToEcsExecutor(clients,
          Duration.ofSeconds(1)));
  final PipelineValidator validator = new PipelineValidator(new ActionExecutorRegistry(
      Stream.concat(executors.stream(), Stream.of(new EcrSourceExecutor(clients))).toList(), List.of()));

  @AfterEach
  void close() {
    clients.close();
  }

  @Test
  @DisplayName("each type has AWS's artifact counts, default timeout and keys (required ones required)")
  void matchAws() {
    for (ActionExecutor executor : executors) {
      ActionTypeSpec ours = executor.type();
      ActionTypeSpec aws = KnownActionTypes.find(ours.id()).orElseThrow();
      assertThat(List.of(ours.minInputArtifacts(), ours.maxInputArtifacts(), ours.minOutputArtifacts(),
          ours.maxOutputArtifacts())).as(ours.id().topic()).isEqualTo(List.of(aws.minInputArtifacts(),
          aws.maxInputArtifacts(), aws.minOutputArtifacts(), aws.maxOutputArtifacts()));
      assertThat(ours.defaultTimeout()).as(ours.id().topic()).isEqualTo(aws.defaultTimeout());
      assertThat(names(ours, true)).as(ours.id().topic()).isEqualTo(names(aws, true));
      assertThat(names(ours, false)).as(ours.id().topic()).containsExactlyInAnyOrderElementsOf(names(aws, false));
    }
  }

  @Test
  @DisplayName("a pipeline that deploys with ECS, CodeDeploy and CodeDeployToECS, as get-pipeline prints it, is "
      + "accepted")
  void acceptsAwsDefinition() {
    assertThat(validator.validate(PipelineCodec.readDeclaration(pipeline(
        "\"ClusterName\": \"shop\", \"ServiceName\": \"web\"")))).isEmpty();
  }

  @Test
  @DisplayName("a missing required key is refused at CreatePipeline with AWS's message")
  void refusesMissingKey() {
    List<Violation> violations = validator.validate(PipelineCodec.readDeclaration(
        pipeline("\"ClusterName\": \"shop\"")));

    assertThat(violations).extracting(Violation::message).containsExactly(
        "Action configuration for action 'Ecs' is missing required configuration 'ServiceName'");
  }

  private static List<String> names(ActionTypeSpec spec, boolean required) {
    return spec.configurationProperties().stream().filter(p -> p.required() == required)
        .map(ConfigurationProperty::name).toList();
  }

  private static String pipeline(String ecsConfiguration) {
    return """
        {"name": "shop", "roleArn": "arn:aws:iam::123456789012:role/pipeline", "version": 1,
         "artifactStore": {"type": "S3", "location": "codepipeline-us-east-1-123456789012"},
         "stages": [
          {"name": "Source", "actions": [{"name": "Image",
            "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "ECR", "version": "1"},
            "configuration": {"RepositoryName": "web", "ImageTag": "latest"},
            "outputArtifacts": [{"name": "Image"}], "inputArtifacts": [], "runOrder": 1}]},
          {"name": "Deploy", "actions": [
           {"name": "Ecs", "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "ECS", "version": "1"},
            "configuration": {%s}, "inputArtifacts": [{"name": "Image"}], "outputArtifacts": [], "runOrder": 1},
           {"name": "Servers",
            "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "CodeDeploy", "version": "1"},
            "configuration": {"ApplicationName": "shop", "DeploymentGroupName": "prod"},
            "inputArtifacts": [{"name": "Image"}], "runOrder": 2},
           {"name": "BlueGreen",
            "actionTypeId": {"category": "Deploy", "owner": "AWS", "provider": "CodeDeployToECS", "version": "1"},
            "configuration": {"ApplicationName": "shop", "DeploymentGroupName": "bg",
              "TaskDefinitionTemplateArtifact": "Image", "TaskDefinitionTemplatePath": "taskdef.json",
              "AppSpecTemplateArtifact": "Image", "AppSpecTemplatePath": "appspec.yaml",
              "Image1ArtifactName": "Image", "Image1ContainerName": "IMAGE1_NAME"},
            "inputArtifacts": [{"name": "Image"}], "runOrder": 3}]}]}
        """.formatted(ecsConfiguration);
  }
}

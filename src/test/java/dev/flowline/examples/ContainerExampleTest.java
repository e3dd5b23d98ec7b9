package dev.flowline.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowlineTest;
import dev.flowline.SharedMoto;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.api.TourScript;
import dev.flowline.artifacts.ArtifactStore;
import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;

/**
 * examples/container.json against moto: ECR source -> imagedefinitions.json (Commands) -> ECS deploy. The ECS
 * executor comes from another branch: until it is registered this test is skipped, with the reason. moto's ECS is
 * driven with the AWS CLI (no ECS SDK dependency of our own).
 */
@FlowlineTest
class ContainerExampleTest {
  static final ActionTypeId ECS = ActionTypeId.of("Deploy", "AWS", "ECS", "1");
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @Autowired ArtifactStore artifacts;
  @Autowired AwsClients aws;
  @Autowired ActionTypeCatalog catalog;

  @Test
  @DisplayName("container: a new image in ECR becomes a new task definition revision of the ECS service")
  void ecrImageDeployedToEcs() throws Exception {
    assumeTrue(catalog.find(ECS).isPresent(), "Deploy/AWS/ECS is not registered in this build (its executor is on "
        + "the aws-deploy branch); examples/container.json runs once it is merged");
    assumeTrue(TourScript.installed("aws"), "the AWS CLI drives moto's ECS in this test");
    ecs("create-cluster", "--cluster-name", "flowline-example");
    ecs("register-task-definition", "--family", "web", "--container-definitions",
        "[{\"name\": \"web\", \"image\": \"nginx:1.25\", \"memory\": 128}]");
    // desired count 0: moto never starts tasks, so a service that wants one never becomes stable (docs/providers.md)
    ecs("create-service", "--cluster", "flowline-example", "--service-name", "web", "--task-definition", "web",
        "--desired-count", "0");
    EcrClient ecr = aws.client("ecr", EcrClient::builder, "us-east-1", null);
    try {
      ecr.createRepository(b -> b.repositoryName("flowline-container-app"));
    } catch (RepositoryAlreadyExistsException e) {
      // a rerun in the same JVM
    }
    ecr.putImage(b -> b.repositoryName("flowline-container-app").imageTag("release").imageManifest(
        "{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\", "
            + "\"config\": {\"size\": 1, \"digest\": \"sha256:" + "cd".repeat(32) + "\"}, \"layers\": []}"));

    ExampleRunner.Run run = new ExampleRunner(pipelines, executions, queries, artifacts, null)
        .run("container.json", "demo-app");

    assertThat(run.status()).as(run.describe()).isEqualTo("Succeeded");
    String imageUri = run.action("Image").output().outputVariables().get("ImageURI");
    JsonNode service = ecs("describe-services", "--cluster", "flowline-example", "--services", "web")
        .at("/services/0");
    JsonNode taskDefinition = ecs("describe-task-definition", "--task-definition",
        service.get("taskDefinition").asText()).get("taskDefinition");
    assertThat(taskDefinition.at("/containerDefinitions/0/image").asText()).isEqualTo(imageUri);
    assertThat(taskDefinition.get("revision").asInt()).isGreaterThan(1);
  }

  private static JsonNode ecs(String operation, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("aws", "ecs", operation));
    command.addAll(List.of(arguments));
    command.addAll(List.of("--endpoint-url", SharedMoto.server().endpoint().toString(), "--region", "us-east-1",
        "--output", "json"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("AWS_ACCESS_KEY_ID", "test");
    builder.environment().put("AWS_SECRET_ACCESS_KEY", "test");
    builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
    builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as("aws ecs %s: %s", operation, output).isZero();
    return JSON.readTree(output);
  }
}

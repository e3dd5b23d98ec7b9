package dev.flowline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.AwsFlowlineTest;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ArtifactStore;
import dev.flowline.pipeline.InputArtifact;
import dev.flowline.pipeline.OutputArtifact;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineDocument;
import dev.flowline.pipeline.StageDeclaration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * S3 source with imagedefinitions.json -> Deploy/AWS/ECS, on the running Flowline against the AWS endpoint of the
 * test context (moto). The service is created with desiredCount 0, which moto reports stable at once.
 */
class EcsDeployPipelineTest extends AwsFlowlineTest {
  static final ActionTypeId ECS = ActionTypeId.of("Deploy", "AWS", "ECS", "1");

  @Autowired PipelineService pipelines;
  @Autowired ExecutionQueries queries;
  @Autowired AwsClients aws;
  @TempDir Path app;

  @Test
  @DisplayName("given S3 source -> ECS deploy, when the pipeline runs, then the service runs a new revision with the "
      + "image of imagedefinitions.json and the execution succeeds")
  void deploysTheImage() throws Exception {
    String name = PipelineFixtures.uniqueName("ecs");
    EcsClient ecs = service(name);

    Map<String, ActionExecutionDetail> actions = run(name, "[{\"name\": \"web\", \"imageUri\": \"shop/web:42\"}]");

    assertThat(actions.get("Deploy").status()).as("actions: %s", actions).isEqualTo("Succeeded");
    String revision = ecs.describeServices(b -> b.cluster(name).services("web")).services().get(0).taskDefinition();
    assertThat(revision).endsWith("task-definition/" + name + ":2");
    assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition(revision)).taskDefinition().containerDefinitions()
        .get(0).image()).isEqualTo("shop/web:42");
  }

  @Test
  @DisplayName("given imagedefinitions.json naming a container the task definition lacks, when the pipeline runs, "
      + "then the action fails with AWS's message and the service keeps its revision")
  void unknownContainerFailsTheAction() throws Exception {
    String name = PipelineFixtures.uniqueName("ecs");
    EcsClient ecs = service(name);

    Map<String, ActionExecutionDetail> actions = run(name, "[{\"name\": \"api\", \"imageUri\": \"shop/api:1\"}]");

    ActionExecutionDetail deploy = actions.get("Deploy");
    assertThat(deploy.status()).isEqualTo("Failed");
    assertThat(deploy.output().executionResult().errorDetails().message())
        .isEqualTo("The AWS ECS container api does not exist in task definition " + name + ":1");
    assertThat(ecs.describeServices(b -> b.cluster(name).services("web")).services().get(0).taskDefinition())
        .endsWith("task-definition/" + name + ":1");
  }

  private EcsClient service(String name) {
    EcsClient ecs = aws.client("ecs", EcsClient::builder, "us-east-1", null);
    ecs.createCluster(b -> b.clusterName(name));
    String revision = ecs.registerTaskDefinition(b -> b.family(name).containerDefinitions(c -> c.name("web")
        .image("shop/web:41").memory(128))).taskDefinition().taskDefinitionArn();
    ecs.createService(b -> b.cluster(name).serviceName("web").taskDefinition(revision).desiredCount(0));
    return ecs;
  }

  private Map<String, ActionExecutionDetail> run(String name, String imageDefinitions) throws Exception {
    Files.writeString(app.resolve("imagedefinitions.json"), imageDefinitions);
    PipelineFixtures.putSourceZip(app, "src-" + name, "images.zip");
    pipelines.create(new PipelineDocument(declaration(name), null));

    String executionId = await().atMost(Duration.ofSeconds(30))
        .until(() -> queries.executions(name, null, 0, 10), list -> !list.isEmpty()).get(0).pipelineExecutionId();
    await().atMost(Duration.ofSeconds(60))
        .until(() -> queries.execution(name, executionId).orElseThrow().status(), s -> !"InProgress".equals(s));
    return queries.actionExecutions(name, executionId, 0, 100).stream()
        .collect(Collectors.toMap(ActionExecutionDetail::actionName, Function.identity()));
  }

  private static PipelineDeclaration declaration(String name) {
    ActionDeclaration source = new ActionDeclaration("Source", TestPipelines.S3_SOURCE, null,
        Map.of("S3Bucket", "src-" + name, "S3ObjectKey", "images.zip"), null, List.of(new OutputArtifact("Images")),
        null, null, null, null, null, null, null);
    ActionDeclaration deploy = new ActionDeclaration("Deploy", ECS, 1, Map.of("ClusterName", name,
        "ServiceName", "web", "DeploymentTimeout", "5"), null, null, List.of(new InputArtifact("Images")), null, null,
        null, null, null, null);
    return new PipelineDeclaration(name, "arn:aws:iam::123456789012:role/test",
        new ArtifactStore("S3", "flowline-artifacts", null), null, List.of(
            new StageDeclaration("Source", null, List.of(source), null, null, null),
            new StageDeclaration("Deploy", null, List.of(deploy), null, null, null)),
        null, null, "V2", null, null);
  }
}

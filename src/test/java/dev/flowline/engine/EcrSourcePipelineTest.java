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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.ecr.EcrClient;

/** ECR source -> an action that reads imageDetail.json, on the running Flowline against moto. */
class EcrSourcePipelineTest extends AwsFlowlineTest {
  static final ActionTypeId ECR = ActionTypeId.of("Source", "AWS", "ECR", "1");

  @Autowired PipelineService pipelines;
  @Autowired ExecutionQueries queries;
  @Autowired AwsClients aws;

  @Test
  @DisplayName("given an ECR source, when the pipeline runs, then the image digest is the source revision and the "
      + "next action finds it in imageDetail.json and in #{SourceVariables.ImageDigest}")
  void imageDigestReachesTheNextAction() throws Exception {
    String name = PipelineFixtures.uniqueName("ecr");
    EcrClient ecr = aws.client("ecr", EcrClient::builder, "us-east-1", null);
    ecr.createRepository(b -> b.repositoryName(name));
    String digest = ecr.putImage(b -> b.repositoryName(name).imageTag("release").imageManifest(
        "{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\", "
            + "\"config\": {\"size\": 1, \"digest\": \"sha256:" + "ab".repeat(32) + "\"},"
            + " \"layers\": []}")).image().imageId().imageDigest();

    pipelines.create(new PipelineDocument(declaration(name), null));

    String executionId = await().atMost(Duration.ofSeconds(30))
        .until(() -> queries.executions(name, null, 0, 10), list -> !list.isEmpty()).get(0).pipelineExecutionId();
    String status = await().atMost(Duration.ofSeconds(60))
        .until(() -> queries.execution(name, executionId).orElseThrow().status(), s -> !"InProgress".equals(s));
    Map<String, ActionExecutionDetail> actions = queries.actionExecutions(name, executionId, 0, 100).stream()
        .collect(Collectors.toMap(ActionExecutionDetail::actionName, Function.identity()));
    assertThat(status).as("actions: %s", actions).isEqualTo("Succeeded");
    assertThat(queries.execution(name, executionId).orElseThrow().artifactRevisions())
        .anySatisfy(r -> assertThat(r.revisionId()).isEqualTo(digest));
    assertThat(actions.get("Check").output().outputVariables()).containsEntry("DIGEST", digest);
  }

  private static PipelineDeclaration declaration(String name) {
    ActionDeclaration source = new ActionDeclaration("Source", ECR, null,
        Map.of("RepositoryName", name, "ImageTag", "release"), null, List.of(new OutputArtifact("Image")),
        null, null, null, null, "SourceVariables", null, null);
    ActionDeclaration check = new ActionDeclaration("Check", TestPipelines.COMMANDS, null, null,
        List.of("grep -q '\"ImageDigest\" : \"#{SourceVariables.ImageDigest}\"' imageDetail.json",
            "export DIGEST=#{SourceVariables.ImageDigest}"),
        null, List.of(new InputArtifact("Image")), List.of("DIGEST"), null, null, null, null, null);
    return new PipelineDeclaration(name, "arn:aws:iam::123456789012:role/test",
        new ArtifactStore("S3", "flowline-artifacts", null), null, List.of(
            new StageDeclaration("Source", null, List.of(source), null, null, null),
            new StageDeclaration("Check", null, List.of(check), null, null, null)),
        null, null, "V2", null, null);
  }
}

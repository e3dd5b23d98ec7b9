package dev.flowline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.AwsFlowlineTest;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.build.MotoTimestamps;
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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.S3Location;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 source -> Deploy/AWS/CodeDeploy on the running Flowline against moto. moto's CodeDeploy leaves a deployment
 * Created for ever (and writes its times as ISO strings, which the SDK in the server cannot read, so the server's
 * later looks log "trying again"), so the test follows the action until it waits for the deployment it created
 * (whose revision is the source artifact, put to moto's S3), then abandons the execution.
 */
class CodeDeployPipelineTest extends AwsFlowlineTest {
  static final ActionTypeId CODEDEPLOY = ActionTypeId.of("Deploy", "AWS", "CodeDeploy", "1");
  static final String ARTIFACT_BUCKET = "flowline-codedeploy-artifacts";

  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @Autowired AwsClients aws;
  @TempDir Path app;

  @Test
  @DisplayName("given S3 source -> CodeDeploy, when the pipeline runs, then the artifact is the S3 revision of one "
      + "deployment of the group, and the action waits for that deployment")
  void deploysTheArtifact() throws Exception {
    String name = PipelineFixtures.uniqueName("codedeploy");
    CodeDeployClient codeDeploy = aws.client("codedeploy", CodeDeployClient::builder, "us-east-1", null);
    codeDeploy.createApplication(b -> b.applicationName(name).computePlatform("Server"));
    codeDeploy.createDeploymentGroup(b -> b.applicationName(name).deploymentGroupName("prod")
        .serviceRoleArn("arn:aws:iam::123456789012:role/codedeploy"));
    S3Client s3 = aws.client("s3", () -> S3Client.builder().forcePathStyle(true), "us-east-1", null);
    if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(ARTIFACT_BUCKET))) {
      s3.createBucket(b -> b.bucket(ARTIFACT_BUCKET));
    }
    Files.writeString(app.resolve("appspec.yml"), "version: 0.0\nos: linux\n");
    PipelineFixtures.putSourceZip(app, "src-" + name, "app.zip");
    pipelines.create(new PipelineDocument(declaration(name), null));

    String executionId = await().atMost(Duration.ofSeconds(30))
        .until(() -> queries.executions(name, null, 0, 10), list -> !list.isEmpty()).get(0).pipelineExecutionId();
    List<String> deployments = await().atMost(Duration.ofSeconds(60)).until(() -> codeDeploy.listDeployments(b -> b
        .applicationName(name).deploymentGroupName("prod")).deployments(), list -> !list.isEmpty());
    ActionExecutionDetail deploy = await().atMost(Duration.ofSeconds(30)).until(() -> action(name, executionId),
        a -> a != null && a.output() != null && a.output().executionResult() != null
            && a.output().executionResult().externalExecutionId() != null);
    executions.stop(name, executionId, true, "moto never finishes a deployment");

    assertThat(deployments).hasSize(1);
    assertThat(deploy.status()).isEqualTo("InProgress");
    assertThat(deploy.output().executionResult().externalExecutionId()).isEqualTo(deployments.get(0));
    S3Location revision;
    try (CodeDeployClient readable = AwsClients.configure(CodeDeployClient.builder().overrideConfiguration(c -> c
        .addExecutionInterceptor(new MotoTimestamps())), MOTO.endpoint(), "us-east-1", StaticCredentialsProvider
        .create(AwsBasicCredentials.create("test", "test"))).build()) {
      revision = readable.getDeployment(b -> b.deploymentId(deployments.get(0))).deploymentInfo().revision()
          .s3Location();
    }
    ActionExecutionDetail.S3Location input = deploy.input().inputArtifacts().get(0).s3location();
    assertThat(revision.bucket() + "/" + revision.key()).isEqualTo(input.bucket() + "/" + input.key());
    assertThat(s3.headObject(b -> b.bucket(revision.bucket()).key(revision.key())).contentLength()).isPositive();
  }

  private ActionExecutionDetail action(String name, String executionId) {
    return queries.actionExecutions(name, executionId, 0, 100).stream()
        .filter(a -> a.actionName().equals("Deploy")).findFirst().orElse(null);
  }

  private static PipelineDeclaration declaration(String name) {
    ActionDeclaration source = new ActionDeclaration("Source", TestPipelines.S3_SOURCE, null,
        Map.of("S3Bucket", "src-" + name, "S3ObjectKey", "app.zip"), null, List.of(new OutputArtifact("App")),
        null, null, null, null, null, null, null);
    ActionDeclaration deploy = new ActionDeclaration("Deploy", CODEDEPLOY, 1, Map.of("ApplicationName", name,
        "DeploymentGroupName", "prod"), null, null, List.of(new InputArtifact("App")), null, null, null, null, null,
        null);
    return new PipelineDeclaration(name, "arn:aws:iam::123456789012:role/test",
        new ArtifactStore("S3", ARTIFACT_BUCKET, null), null, List.of(
            new StageDeclaration("Source", null, List.of(source), null, null, null),
            new StageDeclaration("Deploy", null, List.of(deploy), null, null, null)),
        null, null, "V2", null, null);
  }
}

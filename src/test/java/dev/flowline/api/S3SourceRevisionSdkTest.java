package dev.flowline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import dev.flowline.actions.s3.ObjectStore;
import dev.flowline.artifacts.Zips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.SourceRevisionType;

/**
 * StartPipelineExecution's {@code sourceRevisions} with {@code S3_OBJECT_VERSION_ID} through the SDK v2 client,
 * against the running Flowline's S3 source (local buckets in the test context; reading an older version of a
 * versioned S3 bucket is {@code S3SourceExecutorTest}'s, on moto S3).
 */
@FlowlineTest
class S3SourceRevisionSdkTest {
  @LocalServerPort int port;
  @Autowired ObjectStore objects;
  @Value("${flowline.data-dir}") String dataDir;
  @TempDir Path temp;

  CodePipelineClient client;
  String name;
  String bucket;

  @BeforeEach
  void pipeline() throws Exception {
    client = ApiClients.codePipeline(port);
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    name = "s3rev-" + suffix;
    bucket = "s3rev-" + suffix;
    Files.createDirectories(Path.of(dataDir).resolve("s3").resolve(bucket));
    client.createPipeline(r -> r.pipeline(p -> p.name(name).roleArn("arn:aws:iam::123456789012:role/flowline-tests")
        .artifactStore(s -> s.type("S3").location("flowline-artifacts"))
        .stages(s -> s.name("Source").actions(a -> a.name("Source")
                .actionTypeId(t -> t.category("Source").owner("AWS").provider("S3").version("1"))
                .configuration(java.util.Map.of("S3Bucket", bucket, "S3ObjectKey", "app.zip",
                    "PollForSourceChanges", "false"))
                .outputArtifacts(o -> o.name("SourceOutput"))),
            s -> s.name("Approve").actions(a -> a.name("Approve")
                .actionTypeId(t -> t.category("Approval").owner("AWS").provider("Manual").version("1"))))));
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  @DisplayName("sourceRevisions S3_OBJECT_VERSION_ID: the current version is read and reported; a superseded version of a local bucket fails naming it")
  void readsTheGivenVersion() throws Exception {
    String v1 = objects.putObject(bucket, "app.zip", zip("v1"), ObjectStore.PutOptions.contentType("application/zip"))
        .versionId();
    String v2 = objects.putObject(bucket, "app.zip", zip("v2"), ObjectStore.PutOptions.contentType("application/zip"))
        .versionId();
    assertThat(v2).isNotEqualTo(v1);

    ActionExecutionDetail current = source(start(v2), "Succeeded");
    ActionExecutionDetail superseded = source(start(v1), "Failed");

    assertThat(current.output().outputVariables()).containsEntry("VersionId", v2);
    assertThat(current.output().executionResult().externalExecutionId()).isEqualTo(v2);
    assertThat(superseded.output().executionResult().errorDetails().code()).isEqualTo("ConfigurationError");
    assertThat(superseded.output().executionResult().errorDetails().message()).contains(v1).contains("app.zip")
        .contains(bucket);
  }

  private String start(String versionId) {
    return client.startPipelineExecution(r -> r.name(name).sourceRevisions(s -> s.actionName("Source")
        .revisionType(SourceRevisionType.S3_OBJECT_VERSION_ID).revisionValue(versionId))).pipelineExecutionId();
  }

  private ActionExecutionDetail source(String executionId, String status) {
    return await().atMost(Duration.ofSeconds(60)).alias(executionId + " Source " + status).until(
        () -> client.listActionExecutions(r -> r.pipelineName(name).filter(f -> f.pipelineExecutionId(executionId)))
            .actionExecutionDetails().stream().filter(d -> d.actionName().equals("Source")).findFirst().orElse(null),
        d -> d != null && status.equals(d.statusAsString()));
  }

  private Path zip(String content) throws Exception {
    Path dir = Files.createDirectories(temp.resolve(UUID.randomUUID().toString()));
    Files.writeString(dir.resolve("app.txt"), content);
    Path zip = temp.resolve(UUID.randomUUID() + ".zip");
    Zips.zip(dir, zip);
    return zip;
  }
}

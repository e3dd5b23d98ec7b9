package dev.flowline.actions.source;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.MotoAws;
import dev.flowline.artifacts.MotoServer;
import dev.flowline.pipeline.OutputArtifact;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecr.EcrClient;

/** The ECR source against a real {@code moto_server}, with images pushed as manifests (PutImage). */
class EcrSourceExecutorTest {

  static MotoServer moto;
  static AwsClients clients;
  static EcrClient ecr;

  @TempDir Path root;
  ActionFixture fixture;
  EcrSourceExecutor executor;
  String repository;
  String latest;
  String v1;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    clients = MotoAws.clients(moto);
    ecr = clients.client("ecr", EcrClient::builder, "us-east-1", null);
  }

  @AfterAll
  static void stopMoto() {
    if (clients != null) {
      clients.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    fixture = new ActionFixture(root);
    executor = new EcrSourceExecutor(clients);
    repository = "app-" + UUID.randomUUID().toString().substring(0, 8);
    ecr.createRepository(b -> b.repositoryName(repository));
    v1 = push("v1", "1111");
    latest = push("latest", "2222");
  }

  @Test
  @DisplayName("given no ImageTag, then the image tagged latest is the revision, imageDetail.json and the variables "
      + "describe it as AWS does")
  void latestImage() throws Exception {
    ActionResult result = fixture.run(executor, job(Map.of("RepositoryName", repository)).build());

    assertThat(result).isInstanceOfSatisfying(ActionResult.Succeeded.class, ok -> {
      String uri = "123456789012.dkr.ecr.us-east-1.amazonaws.com/" + repository + "@" + latest;
      assertThat(ok.revision().revisionId()).isEqualTo(latest);
      assertThat(ok.outputVariables()).containsExactlyInAnyOrderEntriesOf(Map.of("RegistryId", "123456789012",
          "RepositoryName", repository, "ImageTag", "latest", "ImageDigest", latest, "ImageURI", uri));
      JsonNode detail = imageDetail(ok);
      assertThat(detail.get("ImageDigest").asText()).isEqualTo(latest);
      assertThat(detail.get("ImageURI").asText()).isEqualTo(uri);
      assertThat(detail.get("RepositoryName").asText()).isEqualTo(repository);
      assertThat(detail.get("ImageTags").get(0).asText()).isEqualTo("latest");
      assertThat(detail.has("ImagePushedAt")).isTrue();
    });
  }

  @Test
  @DisplayName("given ImageTag, or an IMAGE_DIGEST source revision, then that image is the revision")
  void taggedImageAndDigestOverride() throws Exception {
    ActionResult tagged = fixture.run(executor, job(Map.of("RepositoryName", repository, "ImageTag", "v1")).build());
    ActionJob plain = job(Map.of("RepositoryName", repository)).build();
    ActionJob pinned = new ActionJob(plain.actionExecutionId(), plain.pipelineName(), plain.pipelineExecutionId(),
        plain.stageName(), plain.actionName(), plain.actionTypeId(), plain.configuration(), plain.commands(),
        plain.environmentVariables(), plain.outputVariables(), plain.inputArtifacts(), plain.outputArtifacts(),
        plain.region(), null, null, List.of(new ActionJob.RevisionOverride("IMAGE_DIGEST", v1)));
    ActionResult overridden = fixture.run(executor, pinned);

    assertThat(tagged).isInstanceOfSatisfying(ActionResult.Succeeded.class,
        ok -> assertThat(ok.outputVariables()).containsEntry("ImageDigest", v1).containsEntry("ImageTag", "v1"));
    assertThat(overridden).isInstanceOfSatisfying(ActionResult.Succeeded.class,
        ok -> assertThat(ok.revision().revisionId()).isEqualTo(v1));
  }

  @Test
  @DisplayName("given a missing key, repository or tag, then a ConfigurationError says which")
  void badConfiguration() throws Exception {
    assertThat(fixture.run(executor, job(Map.of("ImageTag", "v1")).build()))
        .isEqualTo(ActionResult.Failed.configurationError(
            "Action configuration is missing required configuration 'RepositoryName'"));
    assertThat(fixture.run(executor, job(Map.of("RepositoryName", "no-such-repo")).build()))
        .isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
          assertThat(failed.failureType()).isEqualTo("ConfigurationError");
          assertThat(failed.message()).contains("no-such-repo");
        });
    assertThat(fixture.run(executor, job(Map.of("RepositoryName", repository, "ImageTag", "v9")).build()))
        .isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
          assertThat(failed.failureType()).isEqualTo("ConfigurationError");
          assertThat(failed.message()).contains("v9");
        });
  }

  private JsonNode imageDetail(ActionResult.Succeeded ok) {
    try {
      return new ObjectMapper().readTree(fixture.unzip(ok.outputArtifacts().get("Image")).resolve("imageDetail.json")
          .toFile());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static ActionFixture.JobBuilder job(Map<String, String> configuration) {
    return ActionFixture.job(EcrSourceExecutor.TYPE.id()).configuration(configuration)
        .outputs(new OutputArtifact("Image"));
  }

  private String push(String tag, String layer) {
    String manifest = "{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\","
        + " \"config\": {\"mediaType\": \"application/vnd.docker.container.image.v1+json\", \"size\": 1, \"digest\": "
        + "\"sha256:" + layer.repeat(16) + "\"}, \"layers\": []}";
    return ecr.putImage(b -> b.repositoryName(repository).imageManifest(manifest).imageTag(tag)).image().imageId()
        .imageDigest();
  }
}

package dev.flowline.actions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.s3.LocalBucketObjectStore;
import dev.flowline.actions.s3.S3ObjectStore;
import dev.flowline.artifacts.ArtifactLimits;
import dev.flowline.artifacts.MotoServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

class S3DeployExecutorTest {

  @TempDir Path temp;
  ActionFixture fixture;
  Path buckets;
  S3DeployExecutor executor;
  InputArtifactRef site;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new ActionFixture(temp);
    buckets = temp.resolve("s3");
    Files.createDirectories(buckets.resolve("website"));
    executor = new S3DeployExecutor(new LocalBucketObjectStore(buckets));
    site = fixture.artifact("BuildOutput", Map.of("index.html", "<h1>hi</h1>", "css/site.css", "body{}"));
  }

  static ActionJob job(InputArtifactRef input, String... keyValues) {
    Map<String, String> configuration = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      configuration.put(keyValues[i], keyValues[i + 1]);
    }
    return ActionFixture.job(S3DeployExecutor.TYPE.id()).configuration(configuration).inputs(input).build();
  }

  private List<String> objects(String bucket) throws Exception {
    Path dir = buckets.resolve(bucket);
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  @DisplayName("Extract=true writes every file of the artifact under the ObjectKey prefix")
  void extractUnderPrefix() throws Exception {
    ActionResult result = fixture.run(executor, job(site, "BucketName", "website", "Extract", "true", "ObjectKey", "releases/v1/"));

    assertThat(result).isInstanceOfSatisfying(ActionResult.Succeeded.class,
        ok -> assertThat(ok.summary()).isEqualTo("Deployed 2 objects to s3://website/releases/v1/"));
    assertThat(objects("website")).containsExactly("releases/v1/css/site.css", "releases/v1/index.html");
    assertThat(buckets.resolve("website/releases/v1/index.html")).hasContent("<h1>hi</h1>");
  }

  @Test
  @DisplayName("Extract=true without ObjectKey writes the files at the bucket root")
  void extractToRoot() throws Exception {
    ActionResult result = fixture.run(executor, job(site, "BucketName", "website", "Extract", "true"));

    assertThat(result).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(objects("website")).containsExactly("css/site.css", "index.html");
  }

  @Test
  @DisplayName("an artifact that inflates beyond the limit fails the action clearly, without inflating it in full")
  void aZipBombFailsTheAction() throws Exception {
    Path bomb = temp.resolve("bomb.zip");
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(bomb))) {
      zip.putNextEntry(new java.util.zip.ZipEntry("zeros.bin"));
      zip.write(new byte[32 * 1024 * 1024]);
      zip.closeEntry();
    }
    ActionFixture limited = new ActionFixture(temp.resolve("limited"),
        new ArtifactLimits(org.springframework.util.unit.DataSize.ofMegabytes(1), null));

    ActionJob deploy = job(limited.artifact("Bomb", bomb), "BucketName", "website", "Extract", "true");

    // the worker turns an executor's exception into JobFailed with its message
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> limited.run(executor, deploy))
        .isInstanceOf(dev.flowline.artifacts.ArtifactRefusedException.class)
        .hasMessageContaining("Input artifact 'Bomb'").hasMessageContaining("inflates beyond 1048576 bytes");
    assertThat(objects("website")).isEmpty();
  }

  @Test
  @DisplayName("Extract=false writes the artifact zip itself as ObjectKey")
  void uploadZip() throws Exception {
    ActionResult result = fixture.run(executor, job(site, "BucketName", "website", "Extract", "false", "ObjectKey", "bundles/site.zip"));

    assertThat(result).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(objects("website")).containsExactly("bundles/site.zip");
    try (InputStream stored = fixture.artifactStore.open(site.location())) {
      assertThat(Files.readAllBytes(buckets.resolve("website/bundles/site.zip"))).isEqualTo(stored.readAllBytes());
    }
  }

  @Test
  @DisplayName("Extract=false without ObjectKey is a ConfigurationError and nothing is written")
  void zipNeedsObjectKey() throws Exception {
    ActionResult result = fixture.run(executor, job(site, "BucketName", "website", "Extract", "false"));

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("ConfigurationError");
      assertThat(failed.message()).contains("'ObjectKey' is required when 'Extract' is false");
    });
    assertThat(objects("website")).isEmpty();
  }

  @Test
  @DisplayName("Extract must be true or false; BucketName is required")
  void invalidConfiguration() throws Exception {
    assertThat(fixture.run(executor, job(site, "BucketName", "website", "Extract", "yes")))
        .isInstanceOfSatisfying(ActionResult.Failed.class, failed -> assertThat(failed.message()).contains("'Extract'", "'yes'"));
    assertThat(fixture.run(executor, job(site, "Extract", "true")))
        .isInstanceOfSatisfying(ActionResult.Failed.class, failed -> assertThat(failed.message()).contains("'BucketName'"));
  }

  @Test
  @DisplayName("a bucket that does not exist is a ConfigurationError naming it")
  void missingBucket() throws Exception {
    assertThat(fixture.run(executor, job(site, "BucketName", "no-such-bucket", "Extract", "true")))
        .isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
          assertThat(failed.failureType()).isEqualTo("ConfigurationError");
          assertThat(failed.message()).contains("'no-such-bucket'");
        });
  }

  @Test
  @DisplayName("against S3, each object gets its content type by extension, the CacheControl and the CannedACL")
  void optionsReachS3() throws Exception {
    try (MotoServer moto = MotoServer.start(); S3Client s3 = moto.s3Client()) {
      s3.createBucket(b -> b.bucket("website"));
      S3DeployExecutor onS3 = new S3DeployExecutor(new S3ObjectStore(s3));

      ActionResult result = fixture.run(onS3, job(site, "BucketName", "website", "Extract", "true",
          "CacheControl", "public, max-age=0, no-transform", "CannedACL", "public-read"));

      assertThat(result).isInstanceOf(ActionResult.Succeeded.class);
      HeadObjectResponse html = s3.headObject(b -> b.bucket("website").key("index.html"));
      assertThat(html.contentType()).isEqualTo("text/html");
      assertThat(html.cacheControl()).isEqualTo("public, max-age=0, no-transform");
      assertThat(s3.headObject(b -> b.bucket("website").key("css/site.css")).contentType()).isEqualTo("text/css");
      assertThat(s3.getObjectAcl(b -> b.bucket("website").key("index.html")).grants())
          .anyMatch(g -> "http://acs.amazonaws.com/groups/global/AllUsers".equals(g.grantee().uri()));
    }
  }
}

package dev.flowline.actions.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.s3.LocalBucketObjectStore;
import dev.flowline.actions.s3.ObjectStore;
import dev.flowline.actions.s3.S3ObjectStore;
import dev.flowline.artifacts.MotoServer;
import dev.flowline.artifacts.Zips;
import dev.flowline.pipeline.OutputArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

class S3SourceExecutorTest {

  @TempDir Path temp;
  ActionFixture fixture;
  Path zip;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new ActionFixture(temp);
    Path src = Files.createDirectories(temp.resolve("release"));
    Files.writeString(src.resolve("index.html"), "<h1>v1</h1>");
    zip = temp.resolve("release.zip");
    Zips.zip(src, zip);
  }

  static ActionJob job(String bucket, String key) {
    Map<String, String> configuration = new java.util.HashMap<>();
    if (bucket != null) {
      configuration.put("S3Bucket", bucket);
    }
    if (key != null) {
      configuration.put("S3ObjectKey", key);
    }
    return ActionFixture.job(S3SourceExecutor.TYPE.id()).configuration(configuration)
        .outputs(new OutputArtifact("SourceOutput")).build();
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithLocalBuckets {
    Path buckets;
    S3SourceExecutor executor;

    @BeforeEach
    void setUp() throws Exception {
      buckets = temp.resolve("s3");
      Files.createDirectories(buckets.resolve("releases/app"));
      executor = new S3SourceExecutor(new LocalBucketObjectStore(buckets));
    }

    @Test
    @DisplayName("given a zip in a bucket, then it is the output artifact, its version id the revision, ETag and VersionId the variables")
    void readsTheObject() throws Exception {
      Files.copy(zip, buckets.resolve("releases/app/release.zip"));

      ActionResult result = fixture.run(executor, job("releases", "app/release.zip"));

      String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(zip)));
      String versionId = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(zip))).substring(0, 32);
      assertThat(result).isInstanceOfSatisfying(ActionResult.Succeeded.class, ok -> {
        assertThat(ok.outputVariables()).isEqualTo(Map.of("ETag", md5, "VersionId", versionId));
        assertThat(ok.revision().revisionId()).isEqualTo(versionId);
        assertThat(ok.revision().revisionSummary()).isEqualTo("Amazon S3 version id: " + versionId);
        assertThat(ok.summary()).isEqualTo("Amazon S3 version id: " + versionId);
        assertThat(ok.outputArtifacts()).containsOnlyKeys("SourceOutput");
      });
      Path artifact = ((ActionResult.Succeeded) result).outputArtifacts().get("SourceOutput");
      assertThat(Files.readAllBytes(artifact)).isEqualTo(Files.readAllBytes(zip));
    }

    @Test
    @DisplayName("a bucket that does not exist is a ConfigurationError naming bucket and key")
    void missingBucket() throws Exception {
      ActionResult result = fixture.run(executor, job("no-such-bucket", "app/release.zip"));

      assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
        assertThat(failed.failureType()).isEqualTo("ConfigurationError");
        assertThat(failed.message()).contains("'no-such-bucket'", "'app/release.zip'");
      });
    }

    @Test
    @DisplayName("an object that does not exist is a ConfigurationError naming bucket and key")
    void missingObject() throws Exception {
      ActionResult result = fixture.run(executor, job("releases", "app/missing.zip"));

      assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
        assertThat(failed.failureType()).isEqualTo("ConfigurationError");
        assertThat(failed.message()).contains("'releases'", "'app/missing.zip'");
      });
    }

    @Test
    @DisplayName("missing S3Bucket or S3ObjectKey configuration is a ConfigurationError naming the key")
    void missingConfiguration() throws Exception {
      assertThat(fixture.run(executor, job(null, "k.zip"))).isInstanceOfSatisfying(ActionResult.Failed.class,
          failed -> assertThat(failed.message()).contains("'S3Bucket'"));
      assertThat(fixture.run(executor, job("releases", null))).isInstanceOfSatisfying(ActionResult.Failed.class,
          failed -> assertThat(failed.message()).contains("'S3ObjectKey'"));
    }

    @Test
    @DisplayName("an object that is not a zip is a ConfigurationError")
    void notAZip() throws Exception {
      Files.writeString(buckets.resolve("releases/app/notes.txt"), "plain text");

      assertThat(fixture.run(executor, job("releases", "app/notes.txt"))).isInstanceOfSatisfying(ActionResult.Failed.class,
          failed -> assertThat(failed.message()).contains("is not a zip file"));
    }
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  class WithS3 {
    MotoServer moto;
    S3Client s3;
    S3SourceExecutor executor;

    @BeforeAll
    void startMoto() throws Exception {
      moto = MotoServer.start();
      s3 = moto.s3Client();
      ObjectStore store = new S3ObjectStore(s3);
      executor = new S3SourceExecutor(store);
      s3.createBucket(b -> b.bucket("versioned"));
      s3.putBucketVersioning(b -> b.bucket("versioned").versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
      s3.createBucket(b -> b.bucket("unversioned"));
    }

    @AfterAll
    void stopMoto() {
      if (s3 != null) {
        s3.close();
      }
      if (moto != null) {
        moto.close();
      }
    }

    @Test
    @DisplayName("in a versioned bucket the revision is the S3 version id, and revision-summary metadata becomes the revision summary")
    void versionedObject() throws Exception {
      String versionId = s3.putObject(b -> b.bucket("versioned").key("app.zip")
              .metadata(Map.of("codepipeline-artifact-revision-summary", "Release 42")),
          RequestBody.fromFile(zip)).versionId();

      ActionResult result = fixture.run(executor, job("versioned", "app.zip"));

      assertThat(result).isInstanceOfSatisfying(ActionResult.Succeeded.class, ok -> {
        assertThat(ok.revision().revisionId()).isEqualTo(versionId);
        assertThat(ok.revision().revisionSummary()).isEqualTo("Release 42");
        assertThat(ok.summary()).isEqualTo("Amazon S3 version id: " + versionId);
        assertThat(ok.outputVariables()).containsEntry("VersionId", versionId);
      });
    }

    @Test
    @DisplayName("an S3_OBJECT_VERSION_ID source revision reads that version, not the latest; an unknown version is a ConfigurationError naming it")
    void versionOverride() throws Exception {
      String v1 = s3.putObject(b -> b.bucket("versioned").key("pinned.zip"), RequestBody.fromFile(zip)).versionId();
      Path other = Files.createDirectories(temp.resolve("v2"));
      Files.writeString(other.resolve("index.html"), "<h1>v2</h1>");
      Path zip2 = temp.resolve("v2.zip");
      Zips.zip(other, zip2);
      String v2 = s3.putObject(b -> b.bucket("versioned").key("pinned.zip"), RequestBody.fromFile(zip2)).versionId();
      assertThat(v2).isNotEqualTo(v1);

      ActionResult pinned = fixture.run(executor, withRevision(job("versioned", "pinned.zip"), v1));
      ActionResult latest = fixture.run(executor, job("versioned", "pinned.zip"));
      ActionResult unknown = fixture.run(executor, withRevision(job("versioned", "pinned.zip"), "no-such-version-id"));

      assertThat(pinned).isInstanceOfSatisfying(ActionResult.Succeeded.class, ok -> {
        assertThat(ok.revision().revisionId()).isEqualTo(v1);
        assertThat(ok.outputVariables()).containsEntry("VersionId", v1);
      });
      assertThat(Files.readAllBytes(((ActionResult.Succeeded) pinned).outputArtifacts().get("SourceOutput")))
          .isEqualTo(Files.readAllBytes(zip));
      assertThat(latest).isInstanceOfSatisfying(ActionResult.Succeeded.class,
          ok -> assertThat(ok.revision().revisionId()).isEqualTo(v2));
      assertThat(unknown).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
        assertThat(failed.failureType()).isEqualTo("ConfigurationError");
        assertThat(failed.message()).contains("pinned.zip").contains("versioned");
      });
    }

    @Test
    @DisplayName("in an unversioned bucket the revision is the ETag and there is no VersionId variable")
    void unversionedObject() throws Exception {
      String eTag = s3.putObject(b -> b.bucket("unversioned").key("app.zip"), RequestBody.fromFile(zip)).eTag().replace("\"", "");

      ActionResult result = fixture.run(executor, job("unversioned", "app.zip"));

      assertThat(result).isInstanceOfSatisfying(ActionResult.Succeeded.class, ok -> {
        assertThat(ok.revision().revisionId()).isEqualTo(eTag);
        assertThat(ok.outputVariables()).isEqualTo(Map.of("ETag", eTag));
      });
    }
  }

  /** The job with StartPipelineExecution's S3_OBJECT_VERSION_ID source revision. */
  static ActionJob withRevision(ActionJob job, String versionId) {
    return new ActionJob(job.actionExecutionId(), job.pipelineName(), job.pipelineExecutionId(), job.stageName(),
        job.actionName(), job.actionTypeId(), job.configuration(), job.commands(), job.environmentVariables(),
        job.outputVariables(), job.inputArtifacts(), job.outputArtifacts(), job.region(), null, job.timeout(),
        List.of(new ActionJob.RevisionOverride("S3_OBJECT_VERSION_ID", versionId)));
  }
}

package dev.flowline.actions.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.s3.ObjectStore.ObjectVersion;
import dev.flowline.actions.s3.ObjectStore.PutOptions;
import dev.flowline.artifacts.MotoServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** The object store contract against a real moto_server, plus what only S3 has. */
class S3ObjectStoreTest extends ObjectStoreContract {

  static MotoServer moto;
  static S3Client s3;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    s3 = moto.s3Client();
  }

  @AfterAll
  static void stopMoto() {
    if (s3 != null) {
      s3.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Override
  ObjectStore newStore() {
    return new S3ObjectStore(s3);
  }

  @Override
  void createBucket(String name) {
    s3.createBucket(b -> b.bucket(name));
  }

  @Test
  @DisplayName("in a versioned bucket every put gets its own versionId, and get returns the latest")
  void versionedBucketHasVersionIds() throws Exception {
    s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));

    ObjectVersion first = store.putObject(bucket, "source.zip", file("one"), PutOptions.contentType("application/zip"));
    ObjectVersion second = store.putObject(bucket, "source.zip", file("two"), PutOptions.contentType("application/zip"));

    assertThat(first.versionId()).isNotBlank();
    assertThat(second.versionId()).isNotBlank().isNotEqualTo(first.versionId());
    assertThat(store.getObject(bucket, "source.zip").version().versionId()).isEqualTo(second.versionId());
  }

  @Test
  @DisplayName("in an unversioned bucket the versionId is null")
  void unversionedBucketHasNoVersionId() throws Exception {
    ObjectVersion version = store.putObject(bucket, "plain.zip", file("x"), PutOptions.contentType("application/zip"));

    assertThat(version.versionId()).isNull();
    assertThat(store.getObject(bucket, "plain.zip").version().versionId()).isNull();
  }

  @Test
  @DisplayName("content type, cache control and canned ACL reach S3")
  void putOptionsReachS3() throws Exception {
    store.putObject(bucket, "site/index.html", file("<html/>"),
        new PutOptions("text/html", "public, max-age=0, no-transform", "public-read", null));

    HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("site/index.html"));
    assertThat(head.contentType()).isEqualTo("text/html");
    assertThat(head.cacheControl()).isEqualTo("public, max-age=0, no-transform");
    assertThat(s3.getObjectAcl(b -> b.bucket(bucket).key("site/index.html")).grants())
        .anyMatch(g -> "http://acs.amazonaws.com/groups/global/AllUsers".equals(g.grantee().uri()));
  }

  @Test
  @DisplayName("user metadata (x-amz-meta-*) comes back with the object")
  void metadataIsReturned() throws Exception {
    s3.putObject(b -> b.bucket(bucket).key("m.zip").metadata(Map.of("codepipeline-artifact-revision-summary", "Release 7")),
        RequestBody.fromString("zip"));

    assertThat(store.getObject(bucket, "m.zip").metadata()).containsEntry("codepipeline-artifact-revision-summary", "Release 7");
  }
}

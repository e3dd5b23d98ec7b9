package dev.flowline.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The artifact store contract against a real moto_server. */
class S3ArtifactStoreTest extends ArtifactStoreContract {

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
  ArtifactStore newStore() {
    // every test starts with an empty bucket
    s3.listBuckets().buckets().stream().filter(b -> b.name().equals(BUCKET)).findAny()
        .ifPresent(b -> emptyAndDelete(BUCKET));
    s3.createBucket(b -> b.bucket(BUCKET));
    return new S3ArtifactStore(s3);
  }

  private static void emptyAndDelete(String bucket) {
    s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()
        .forEach(o -> s3.deleteObject(d -> d.bucket(bucket).key(o.key())));
    s3.deleteBucket(b -> b.bucket(bucket));
  }

  @Test
  @DisplayName("putting into a bucket that does not exist fails with a message naming the bucket")
  void putIntoMissingBucketFails() throws Exception {
    assertThatThrownBy(() -> store.put("no-such-bucket", "P", "Out", file("a.zip", "x")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'no-such-bucket' does not exist");
  }

  @Test
  @DisplayName("the stored object is a zip for S3 tools too: content type application/zip")
  void objectHasZipContentType() throws Exception {
    ArtifactLocation location = store.put(BUCKET, "P", "Out", file("a.zip", "x"));

    assertThat(s3.headObject(b -> b.bucket(BUCKET).key(location.objectKey())).contentType()).isEqualTo("application/zip");
  }
}

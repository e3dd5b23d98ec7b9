package dev.flowline.actions.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.actions.s3.ObjectStore.ObjectVersion;
import dev.flowline.actions.s3.ObjectStore.PutOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link ObjectStore} promises. Each implementation extends this suite. */
abstract class ObjectStoreContract {

  @TempDir Path temp;
  ObjectStore store;
  String bucket;

  /** The store under test. */
  abstract ObjectStore newStore() throws Exception;

  /** Creates an empty bucket {@code name} in the store under test. */
  abstract void createBucket(String name) throws Exception;

  @BeforeEach
  void setUpStore() throws Exception {
    store = newStore();
    bucket = "bucket-" + System.nanoTime();
    createBucket(bucket);
  }

  Path file(String content) throws IOException {
    return Files.writeString(Files.createTempFile(temp, "obj", ".bin"), content);
  }

  static String read(StoredObject object) throws IOException {
    try (object) {
      return new String(object.content().readAllBytes());
    }
  }

  static String quotedMd5(String content) throws Exception {
    return "\"" + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content.getBytes())) + "\"";
  }

  @Test
  @DisplayName("a put object reads back with the same bytes and the ETag S3 gives it: the quoted MD5")
  void putThenGet() throws Exception {
    ObjectVersion written = store.putObject(bucket, "releases/app.zip", file("payload"), PutOptions.contentType("application/zip"));
    StoredObject read = store.getObject(bucket, "releases/app.zip");

    assertThat(written.eTag()).isEqualTo(quotedMd5("payload"));
    assertThat(read.version().eTag()).isEqualTo(written.eTag());
    assertThat(read.version().unquotedETag()).isEqualTo(quotedMd5("payload").replace("\"", ""));
    assertThat(read(read)).isEqualTo("payload");
  }

  @Test
  @DisplayName("putting the same key again replaces the object and changes its ETag")
  void putReplaces() throws Exception {
    ObjectVersion first = store.putObject(bucket, "index.html", file("v1"), PutOptions.contentType("text/html"));
    ObjectVersion second = store.putObject(bucket, "index.html", file("v2"), PutOptions.contentType("text/html"));

    assertThat(second.eTag()).isNotEqualTo(first.eTag());
    assertThat(read(store.getObject(bucket, "index.html"))).isEqualTo("v2");
  }

  @Test
  @DisplayName("reading from a bucket that does not exist fails with NoSuchBucket naming the bucket")
  void getFromMissingBucket() {
    assertThatThrownBy(() -> store.getObject("no-such-bucket-x", "a.zip"))
        .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
          assertThat(e.code()).isEqualTo("NoSuchBucket");
          assertThat(e.bucket()).isEqualTo("no-such-bucket-x");
        })
        .hasMessageContaining("no-such-bucket-x");
  }

  @Test
  @DisplayName("reading a key that does not exist fails with NoSuchKey naming bucket and key")
  void getMissingKey() {
    assertThatThrownBy(() -> store.getObject(bucket, "missing/app.zip"))
        .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("NoSuchKey"))
        .hasMessageContaining("missing/app.zip")
        .hasMessageContaining(bucket);
  }

  @Test
  @DisplayName("writing into a bucket that does not exist fails with NoSuchBucket")
  void putIntoMissingBucket() {
    assertThatThrownBy(() -> store.putObject("no-such-bucket-y", "a.txt", file("x"), PutOptions.contentType("text/plain")))
        .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("NoSuchBucket"));
  }
}

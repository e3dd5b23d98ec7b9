package dev.flowline.actions.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.actions.s3.ObjectStore.ObjectVersion;
import dev.flowline.actions.s3.ObjectStore.PutOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBucketObjectStoreTest extends ObjectStoreContract {

  @TempDir Path root;

  @Override
  ObjectStore newStore() {
    return new LocalBucketObjectStore(root);
  }

  @Override
  void createBucket(String name) throws Exception {
    Files.createDirectories(root.resolve(name));
  }

  @Test
  @DisplayName("an object is the file <root>/<bucket>/<key>, its versionId the first 32 hex digits of its SHA-256")
  void objectIsAFileAndVersionIsContentHash() throws Exception {
    ObjectVersion version = store.putObject(bucket, "a/b/c.txt", file("hello"), PutOptions.contentType("text/plain"));

    assertThat(root.resolve(bucket).resolve("a/b/c.txt")).hasContent("hello");
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("hello".getBytes()));
    assertThat(version.versionId()).isEqualTo(sha.substring(0, 32));
    assertThat(store.getObject(bucket, "a/b/c.txt").version()).isEqualTo(version);
  }

  @Test
  @DisplayName("a file dropped into the bucket directory by hand is an object")
  void handPlacedFileIsAnObject() throws Exception {
    Files.writeString(root.resolve(bucket).resolve("dropped.zip"), "by hand");

    assertThat(read(store.getObject(bucket, "dropped.zip"))).isEqualTo("by hand");
  }

  @Test
  @DisplayName("keys with '..', '.' or empty segments are refused as InvalidArgument and nothing is written")
  void keysThatAreNotPlainPathsAreRefused() {
    for (String key : new String[] {"../escape.txt", "a/../../b", "a//b", "./a", "dir/"}) {
      assertThatThrownBy(() -> store.putObject(bucket, key, file("x"), PutOptions.contentType("text/plain")))
          .as(key)
          .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.code()).isEqualTo("InvalidArgument"));
    }
    assertThat(root.resolve("escape.txt")).doesNotExist();
  }
}

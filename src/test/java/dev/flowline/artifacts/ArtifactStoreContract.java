package dev.flowline.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link ArtifactStore} promises. Each implementation extends this suite. */
abstract class ArtifactStoreContract {

  static final String BUCKET = "codepipeline-us-east-1-flowline";

  @TempDir Path temp;
  ArtifactStore store;

  /** The store under test, with {@link #BUCKET} existing and empty. */
  abstract ArtifactStore newStore() throws Exception;

  @BeforeEach
  void setUpStore() throws Exception {
    store = newStore();
  }

  Path file(String name, String content) throws IOException {
    return Files.writeString(temp.resolve(name), content);
  }

  static String read(ArtifactStore store, ArtifactLocation location) throws IOException {
    try (InputStream in = store.open(location)) {
      return new String(in.readAllBytes());
    }
  }

  @Test
  @DisplayName("given a zip, when it is put, then it can be opened with the same bytes from the returned location")
  void putThenOpenReturnsTheSameBytes() throws Exception {
    ArtifactLocation location = store.put(BUCKET, "MyPipeline", "SourceArtifact", file("a.zip", "zip bytes"));

    assertThat(location.bucketName()).isEqualTo(BUCKET);
    assertThat(read(store, location)).isEqualTo("zip bytes");
  }

  @Test
  @DisplayName("keys look like CodePipeline's: pipeline name (20 chars) / artifact name (10 chars) / 7 random chars .zip")
  void keysAreShapedLikeCodePipelines() throws Exception {
    ArtifactLocation location = store.put(BUCKET, "AVeryLongPipelineNameIndeed", "BuildArtifactOut", file("a.zip", "x"));

    assertThat(location.objectKey()).matches("AVeryLongPipelineNam/BuildArtif/[A-Za-z0-9]{7}\\.zip");
  }

  @Test
  @DisplayName("two puts of the same artifact get different keys and neither overwrites the other")
  void putNeverOverwrites() throws Exception {
    ArtifactLocation first = store.put(BUCKET, "P", "Out", file("1.zip", "first"));
    ArtifactLocation second = store.put(BUCKET, "P", "Out", file("2.zip", "second"));

    assertThat(second.objectKey()).isNotEqualTo(first.objectKey());
    assertThat(read(store, first)).isEqualTo("first");
    assertThat(read(store, second)).isEqualTo("second");
  }

  @Test
  @DisplayName("concurrent puts of the same artifact name all succeed with distinct keys")
  void concurrentPutsAllSucceed() throws Exception {
    Path zip = file("c.zip", "same");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ArtifactLocation>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 12; i++) {
        futures.add(pool.submit(() -> store.put(BUCKET, "P", "Out", zip)));
      }
      Set<String> keys = new HashSet<>();
      for (Future<ArtifactLocation> f : futures) {
        keys.add(f.get().objectKey());
      }
      assertThat(keys).hasSize(12);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("opening a location where nothing is stored fails with NoSuchFileException")
  void openMissingFails() {
    assertThatThrownBy(() -> store.open(new ArtifactLocation(BUCKET, "P/Out/missing.zip")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  @DisplayName("a deleted artifact can no longer be opened, and deleting it again is not an error")
  void deleteRemovesAndIsIdempotent() throws Exception {
    ArtifactLocation location = store.put(BUCKET, "P", "Out", file("d.zip", "gone"));

    store.delete(location);
    store.delete(location);

    assertThatThrownBy(() -> store.open(location)).isInstanceOf(NoSuchFileException.class);
  }

  @Test
  @DisplayName("a pipeline named '..' cannot make a key that escapes its bucket")
  void dotDotPipelineNameStaysInsideTheBucket() throws Exception {
    ArtifactLocation location = store.put(BUCKET, "..", "Out", file("e.zip", "inside"));

    assertThat(location.objectKey()).startsWith("__/Out/");
    assertThat(read(store, location)).isEqualTo("inside");
  }
}

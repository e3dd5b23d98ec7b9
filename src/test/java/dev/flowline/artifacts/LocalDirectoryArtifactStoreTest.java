package dev.flowline.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDirectoryArtifactStoreTest extends ArtifactStoreContract {

  @TempDir Path root;

  @Override
  ArtifactStore newStore() {
    return new LocalDirectoryArtifactStore(root);
  }

  @Test
  @DisplayName("an artifact is the file <root>/<bucket>/<key>, and no temporary file is left behind")
  void objectIsAFileUnderRootBucketKey() throws Exception {
    ArtifactLocation location = store.put(BUCKET, "P", "Out", file("a.zip", "content"));

    assertThat(root.resolve(BUCKET).resolve(location.objectKey())).hasContent("content");
    try (Stream<Path> files = Files.walk(root)) {
      assertThat(files.filter(Files::isRegularFile)).hasSize(1);
    }
  }

  @Test
  @DisplayName("a location whose key points outside its bucket is refused")
  void keyEscapingTheBucketIsRefused() {
    assertThatThrownBy(() -> store.open(new ArtifactLocation(BUCKET, "../other/x.zip")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid object key");
    assertThatThrownBy(() -> store.open(new ArtifactLocation("..", "x.zip")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid bucket name");
  }
}

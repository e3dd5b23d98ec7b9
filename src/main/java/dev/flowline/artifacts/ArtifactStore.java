package dev.flowline.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Keeps artifacts (zip files) between actions. Implementations: a local directory (the embedded
 * default) and S3. All methods are safe to call from several threads.
 */
public interface ArtifactStore {

  /**
   * Stores {@code zipFile} as a new object for {@code artifactName} of {@code pipelineName} and
   * returns its location. Never overwrites an existing object.
   */
  ArtifactLocation put(String bucket, String pipelineName, String artifactName, Path zipFile) throws IOException;

  /** Opens a stored artifact; throws {@link java.nio.file.NoSuchFileException} if there is none at {@code location}. */
  InputStream open(ArtifactLocation location) throws IOException;

  /** Deletes a stored artifact if it exists. */
  void delete(ArtifactLocation location) throws IOException;
}

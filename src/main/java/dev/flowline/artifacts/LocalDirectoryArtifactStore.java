package dev.flowline.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

/**
 * The embedded default: artifacts are files {@code <root>/<bucket>/<key>}. A new object is written to a
 * temporary file next to its target and then linked into place, so readers never see a partial zip and
 * an existing object is never replaced. Bucket directories are created on first use.
 */
public final class LocalDirectoryArtifactStore implements ArtifactStore {

  private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private final Path root;

  public LocalDirectoryArtifactStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public ArtifactLocation put(String bucket, String pipelineName, String artifactName, Path zipFile) throws IOException {
    bucketDir(bucket);
    while (true) {
      ArtifactLocation location = new ArtifactLocation(bucket, ArtifactKeys.newKey(pipelineName, artifactName));
      Path target = resolve(location);
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
      try {
        Files.copy(zipFile, temp, StandardCopyOption.REPLACE_EXISTING);
        if (link(temp, target)) {
          return location;
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    }
  }

  @Override
  public InputStream open(ArtifactLocation location) throws IOException {
    Path file = resolve(location);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException("s3://" + location.bucketName() + "/" + location.objectKey(), null,
          "no such artifact");
    }
    return Files.newInputStream(file);
  }

  @Override
  public void delete(ArtifactLocation location) throws IOException {
    Files.deleteIfExists(resolve(location));
  }

  /** Links {@code temp} as {@code target}; false if {@code target} already exists (the caller picks another key). */
  private static boolean link(Path temp, Path target) throws IOException {
    try {
      Files.createLink(target, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException e) {
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        return true;
      } catch (FileAlreadyExistsException exists) {
        return false;
      }
    }
  }

  private Path bucketDir(String bucket) {
    if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new IllegalArgumentException("Invalid bucket name: " + bucket);
    }
    return root.resolve(bucket);
  }

  private Path resolve(ArtifactLocation location) {
    Path bucketDir = bucketDir(location.bucketName());
    String key = location.objectKey();
    Path file = key == null || key.isEmpty() ? bucketDir : bucketDir.resolve(key).normalize();
    if (!file.startsWith(bucketDir) || file.equals(bucketDir)) {
      throw new IllegalArgumentException("Invalid object key: " + key);
    }
    return file;
  }
}

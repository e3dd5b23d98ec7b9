package dev.flowline.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Artifacts in S3 (or any S3-compatible store reached through the client's endpoint override). The
 * bucket must exist. A new object is written with {@code If-None-Match: *}, so an existing object is
 * never replaced; S3 makes a completed PUT visible atomically.
 */
public final class S3ArtifactStore implements ArtifactStore {

  private static final int PRECONDITION_FAILED = 412;
  private final S3Client s3;

  public S3ArtifactStore(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public ArtifactLocation put(String bucket, String pipelineName, String artifactName, Path zipFile) throws IOException {
    while (true) {
      String key = ArtifactKeys.newKey(pipelineName, artifactName);
      try {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/zip").ifNoneMatch("*"),
            RequestBody.fromFile(zipFile));
        return new ArtifactLocation(bucket, key);
      } catch (NoSuchBucketException e) {
        throw new IOException("The artifact bucket '" + bucket + "' does not exist", e);
      } catch (S3Exception e) {
        if (e.statusCode() != PRECONDITION_FAILED) {
          throw new IOException("Could not store artifact in s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
        }
      } catch (SdkException e) {
        throw new IOException("Could not store artifact in s3://" + bucket + "/" + key + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public InputStream open(ArtifactLocation location) throws IOException {
    try {
      return s3.getObject(b -> b.bucket(location.bucketName()).key(location.objectKey()));
    } catch (NoSuchKeyException | NoSuchBucketException e) {
      throw new NoSuchFileException(uri(location), null, "no such artifact");
    } catch (SdkException e) {
      throw new IOException("Could not read artifact " + uri(location) + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(ArtifactLocation location) throws IOException {
    try {
      s3.deleteObject(b -> b.bucket(location.bucketName()).key(location.objectKey()));
    } catch (NoSuchBucketException e) {
      // nothing to delete
    } catch (SdkException e) {
      throw new IOException("Could not delete artifact " + uri(location) + ": " + e.getMessage(), e);
    }
  }

  private static String uri(ArtifactLocation location) {
    return "s3://" + location.bucketName() + "/" + location.objectKey();
  }
}

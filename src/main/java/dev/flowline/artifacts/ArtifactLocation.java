package dev.flowline.artifacts;

/** Where an artifact zip is stored: a bucket and an object key, as CodePipeline's S3 locations. */
public record ArtifactLocation(String bucketName, String objectKey) {

  /**
   * A fresh location for a new artifact zip of {@code artifactName}, keyed as {@link ArtifactStore#put} keys them:
   * where a remote job worker is told to upload an output artifact.
   */
  public static ArtifactLocation newFor(String bucket, String pipelineName, String artifactName) {
    return new ArtifactLocation(bucket, ArtifactKeys.newKey(pipelineName, artifactName));
  }
}

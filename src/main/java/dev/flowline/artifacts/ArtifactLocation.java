package dev.flowline.artifacts;

/** Where an artifact zip is stored: a bucket and an object key, as CodePipeline's S3 locations. */
public record ArtifactLocation(String bucketName, String objectKey) {}

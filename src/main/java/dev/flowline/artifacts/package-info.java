/** The {@link dev.flowline.artifacts.ArtifactStore} SPI: artifacts are zip files in a bucket (local directory or S3). */
package dev.flowline.artifacts;

package dev.flowline.artifacts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code flowline.artifacts.*}: how far an artifact may inflate when an action unpacks it, so a small zip
 * cannot fill the disk (a zip bomb). Unpacking stops with {@link ArtifactRefusedException} as soon as the
 * bytes actually written pass {@code max-inflated-size} or the entries pass {@code max-files}; the sizes an
 * entry declares are never trusted. An unset value takes the default below (the one place it is written).
 *
 * @param maxInflatedSize the most bytes one artifact may unpack to (default 1 GB, the largest source artifact
 *                        CodePipeline takes from CodeCommit)
 * @param maxFiles        the most entries (files, directories, symbolic links) in one artifact (default 100,000)
 */
@ConfigurationProperties("flowline.artifacts")
public record ArtifactLimits(DataSize maxInflatedSize, Integer maxFiles) {

  public ArtifactLimits {
    maxInflatedSize = maxInflatedSize == null ? DataSize.ofGigabytes(1) : maxInflatedSize;
    maxFiles = maxFiles == null ? 100_000 : maxFiles;
    if (maxInflatedSize.toBytes() <= 0 || maxFiles <= 0) {
      throw new IllegalArgumentException("flowline.artifacts: max-inflated-size and max-files must be positive");
    }
  }

  /** Every limit at its default. */
  public static ArtifactLimits defaults() {
    return new ArtifactLimits(null, null);
  }
}

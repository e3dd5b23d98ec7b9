package dev.flowline.artifacts;

import java.io.IOException;

/**
 * The content of an artifact or of a commit is refused because unpacking or checking it out would be unsafe
 * or unbounded: an entry outside the target directory, a write through a symbolic link, a malformed git tree,
 * a zip that inflates beyond {@link ArtifactLimits}, or data that is not a zip at all. The message says which
 * entry and why, for the action's failure; nothing was written outside the target directory.
 */
public class ArtifactRefusedException extends IOException {
  public ArtifactRefusedException(String message) {
    super(message);
  }

  public ArtifactRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.flowline.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code flowline.codecommit.*} limits of the hosted git repositories.
 *
 * @param maxPushSize the largest pack one {@code git push} may send (default 100 MB); a larger push is refused
 *                    while it is received, with git's {@code Pack exceeds the limit} error, and no ref moves
 */
@ConfigurationProperties("flowline.codecommit")
public record GitHostingProperties(DataSize maxPushSize) {

  public GitHostingProperties {
    maxPushSize = maxPushSize == null ? DataSize.ofMegabytes(100) : maxPushSize;
    if (maxPushSize.toBytes() <= 0) {
      throw new IllegalArgumentException("flowline.codecommit.max-push-size must be positive");
    }
  }
}

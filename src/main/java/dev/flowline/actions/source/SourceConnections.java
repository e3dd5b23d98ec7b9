package dev.flowline.actions.source;

/**
 * Resolves a CodeStar connection for a source action: where the repository is fetched from and with which
 * token. Implemented by the connections room; asked once per job.
 */
public interface SourceConnections {

  /**
   * The remote of {@code fullRepositoryId} (e.g. {@code owner/repo}) through the connection {@code connectionArn}.
   *
   * @throws Unusable when the connection does not exist, is not AVAILABLE or has no token; the message names the
   *                  connection and the step that completes it
   */
  GitRemote remote(String connectionArn, String fullRepositoryId) throws Unusable;

  /** A connection that cannot be used (yet): the message says which and what to do. */
  final class Unusable extends Exception {
    public Unusable(String message) {
      super(message, null, false, false);
    }
  }
}

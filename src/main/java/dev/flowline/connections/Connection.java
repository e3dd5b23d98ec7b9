package dev.flowline.connections;

/**
 * A connection as CodeStar connections describes it (never with its token).
 *
 * @param id      the last part of the ARN ({@code connection/<id>})
 * @param hostArn the host a self-managed provider's connection goes through; null otherwise
 * @param status  PENDING until it was given a token, then AVAILABLE
 */
public record Connection(String id, String arn, String name, ProviderType providerType, String hostArn,
    String ownerAccountId, String status) {

  public static final String PENDING = "PENDING";
  public static final String AVAILABLE = "AVAILABLE";

  public boolean available() {
    return AVAILABLE.equals(status);
  }
}

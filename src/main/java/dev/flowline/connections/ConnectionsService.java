package dev.flowline.connections;

import java.util.Arrays;

/**
 * The two names of the connections API: CodeStar connections and, since its rename, CodeConnections. A connection
 * or host created through one carries that service's prefix in its ARN for good ({@code arn:aws:codeconnections:...}
 * or {@code arn:aws:codestar-connections:...}), as AWS assigns it; either prefix names the same resource as input.
 */
public enum ConnectionsService {
  CODESTAR_CONNECTIONS("codestar-connections"),
  CODECONNECTIONS("codeconnections");

  private final String arnPrefix;

  ConnectionsService(String arnPrefix) {
    this.arnPrefix = arnPrefix;
  }

  /** The service part of its ARNs, which is also its SigV4 signing name. */
  public String arnPrefix() {
    return arnPrefix;
  }

  /** The service of a SigV4 signing name or ARN prefix; CodeStar connections for any other. */
  public static ConnectionsService of(String signingName) {
    return Arrays.stream(values()).filter(s -> s.arnPrefix.equals(signingName)).findFirst()
        .orElse(CODESTAR_CONNECTIONS);
  }
}

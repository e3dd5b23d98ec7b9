package dev.flowline.connections;

/**
 * What a git client needs to fetch through a connection: the base URL repositories live under and the HTTP
 * Basic user and token. {@link #toString()} never shows the token.
 */
public record ConnectionCredentials(String gitBaseUrl, String user, String token) {
  @Override
  public String toString() {
    return "ConnectionCredentials[gitBaseUrl=" + gitBaseUrl + ", user=" + user + ", token=****]";
  }
}

package dev.flowline.actions.source;

/**
 * A repository on a git host reached over HTTP(S) with a token.
 *
 * @param url      the clone URL, without credentials ({@code https://github.com/owner/repo.git})
 * @param user     the HTTP Basic user sent with the token ({@code x-access-token}, {@code oauth2}, ...)
 * @param token    the token; never logged, never in a result ({@link #toString()} masks it)
 * @param label    how messages name where it comes from, e.g. {@code connection my-github (arn:...)}
 * @param webUrl   the repository's web page, for commit links; null when unknown
 */
public record GitRemote(String url, String user, String token, String label, String webUrl) {
  @Override
  public String toString() {
    return "GitRemote[url=" + url + ", user=" + user + ", token=****, label=" + label + "]";
  }
}

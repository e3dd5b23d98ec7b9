package dev.flowline.execution;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A position in a history listed newest first: the sort key ({@code seq}, unique and increasing with every
 * insert, so it needs no tie-breaker) and the id of the row a page ended or began with (covered by the check, so a
 * token names one row). A page continues from it with {@code seq < cursor}
 * (older) or {@code seq > cursor} (newer) on an index in that order, so page 50 reads as many rows as page 1, and
 * an execution that starts between two pages lands above the cursor: nothing is skipped or listed twice.
 *
 * <p>As a token (ListPipelineExecutions' nextToken, the console's links) it is opaque: base64url of the position
 * and a check over the position and the request it continues ({@code scope}: operation, pipeline, filter). A token
 * that is cut, edited or presented with another request fails the check. The check is not a secret MAC: whoever
 * forges a valid token only names a position in a list the same request could page to anyway.
 */
public record HistoryCursor(long seq, String id, Direction direction) {

  private static final String VERSION = "h1";
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  /** Which side of the cursor the next page lies on. */
  public enum Direction { OLDER, NEWER }

  public HistoryCursor {
    if (seq <= 0 || id == null || !ID.matcher(id).matches() || direction == null) {
      throw new IllegalArgumentException("not a history position");
    }
  }

  public static HistoryCursor olderThan(long seq, String id) {
    return new HistoryCursor(seq, id, Direction.OLDER);
  }

  public static HistoryCursor newerThan(long seq, String id) {
    return new HistoryCursor(seq, id, Direction.NEWER);
  }

  public boolean older() {
    return direction == Direction.OLDER;
  }

  /** The opaque token of this position for a request of {@code scope}. */
  public String token(String scope) {
    String body = VERSION + "|" + (older() ? "o" : "n") + "|" + seq + "|" + id;
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((body + "|" + check(body, scope)).getBytes(StandardCharsets.UTF_8));
  }

  /** The position a token names, if it is one of ours, whole, and issued for a request of {@code scope}. */
  public static Optional<HistoryCursor> parse(String token, String scope) {
    if (token == null || token.length() > 200) {
      return Optional.empty();
    }
    try {
      String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = decoded.split("\\|", -1);
      if (parts.length != 5 || !parts[0].equals(VERSION)) {
        return Optional.empty();
      }
      String body = String.join("|", parts[0], parts[1], parts[2], parts[3]);
      if (!MessageDigest.isEqual(check(body, scope).getBytes(StandardCharsets.UTF_8),
          parts[4].getBytes(StandardCharsets.UTF_8))) {
        return Optional.empty();
      }
      Direction direction = switch (parts[1]) {
        case "o" -> Direction.OLDER;
        case "n" -> Direction.NEWER;
        default -> null;
      };
      return Optional.of(new HistoryCursor(Long.parseLong(parts[2]), parts[3], direction));
    } catch (IllegalArgumentException e) { // bad base64, not a number, not a position
      return Optional.empty();
    }
  }

  private static String check(String body, String scope) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(body.getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      digest.update(String.valueOf(scope).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.flowline.api;

import dev.flowline.execution.HistoryCursor;
import dev.flowline.execution.HistoryPage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * nextToken / maxResults as CodePipeline's paginators use them. A token is opaque to clients and bound to a
 * fingerprint of the request it continues (operation, resource, filter), so a token presented with a different
 * request is refused with InvalidNextTokenException instead of silently paging through another list. Histories
 * (executions, action executions) page by position ({@link HistoryCursor}: page N costs what page 1 does, and
 * executions started between pages neither shift nor repeat rows); short lists held in memory page by offset.
 */
final class Paging {

  private static final String VERSION = "1";

  private Paging() {}

  /** One page and the token for the next one (null on the last page). */
  record Page<T>(List<T> items, String nextToken) {}

  static String fingerprint(String operation, String... parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(operation.getBytes(StandardCharsets.UTF_8));
      for (String part : parts) {
        digest.update((byte) 0);
        digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(digest.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The history position a token continues from; null without a token. */
  static HistoryCursor cursor(String nextToken, String fingerprint) {
    if (nextToken == null) {
      return null;
    }
    HistoryCursor cursor = HistoryCursor.parse(nextToken, fingerprint).orElseThrow(ApiException::invalidNextToken);
    if (!cursor.older()) { // the console's "newer" links are not nextTokens
      throw ApiException.invalidNextToken();
    }
    return cursor;
  }

  /** A history page as the API answers it: the items and the token of the older rows (null on the last page). */
  static <T> Page<T> page(HistoryPage<T> page, String fingerprint) {
    return new Page<>(page.items(), page.older() == null ? null : page.older().token(fingerprint));
  }

  /** The offset a token continues from; 0 without a token. */
  static int offset(String nextToken, String fingerprint) {
    if (nextToken == null) {
      return 0;
    }
    String decoded;
    try {
      decoded = new String(Base64.getUrlDecoder().decode(nextToken), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalidNextToken();
    }
    String[] parts = decoded.split("\\|", -1);
    if (parts.length != 3 || !parts[0].equals(VERSION) || !parts[2].equals(fingerprint)) {
      throw ApiException.invalidNextToken();
    }
    try {
      int offset = Integer.parseInt(parts[1]);
      if (offset <= 0) {
        throw ApiException.invalidNextToken();
      }
      return offset;
    } catch (NumberFormatException e) {
      throw ApiException.invalidNextToken();
    }
  }

  static String token(int offset, String fingerprint) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((VERSION + "|" + offset + "|" + fingerprint).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Cuts a page from {@code fetched}, which holds the items from {@code offset} on — at most
   * {@code limit + 1} of them, the extra one only telling that there is a next page.
   */
  static <T> Page<T> page(List<T> fetched, int offset, int limit, String fingerprint) {
    if (fetched.size() > limit) {
      return new Page<>(List.copyOf(fetched.subList(0, limit)), token(offset + limit, fingerprint));
    }
    return new Page<>(List.copyOf(fetched), null);
  }

  /** Pages a list that is already complete in memory. */
  static <T> Page<T> pageOf(List<T> all, int offset, int limit, String fingerprint) {
    if (offset > all.size()) {
      return new Page<>(List.of(), null);
    }
    return page(all.subList(offset, Math.min(all.size(), offset + limit + 1)), offset, limit, fingerprint);
  }
}

package dev.flowline.api.sigv4;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP request as it arrived, for signature verification: method, the raw (still percent-encoded)
 * path and query, the headers (names matched case-insensitively, values in arrival order) and the body.
 */
public record SignedRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
    byte[] body) {

  public SignedRequest {
    Map<String, List<String>> lower = new TreeMap<>();
    headers.forEach((name, values) ->
        lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values));
    headers = Collections.unmodifiableMap(lower);
    rawPath = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    rawQuery = rawQuery == null ? "" : rawQuery;
    body = body == null ? new byte[0] : body;
  }

  /** All values of a header, empty when absent. */
  public List<String> header(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  /** The first value of a header, or null. */
  public String firstHeader(String name) {
    List<String> values = header(name);
    return values.isEmpty() ? null : values.get(0);
  }
}

package dev.flowline.api.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.pipeline.CodePipelineException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One page of a listing: {@code MaxResults} (0 or absent means 100) from the offset {@code NextToken} names. */
record ConnectionsPage<T>(List<T> items, String nextToken) {

  static <T> ConnectionsPage<T> of(List<T> all, JsonNode input, String scope) {
    int size = input.path("MaxResults").asInt(0);
    size = size <= 0 ? 100 : size;
    int offset = 0;
    JsonNode token = input.path("NextToken");
    if (token.isTextual()) {
      try {
        String[] parts = new String(Base64.getUrlDecoder().decode(token.asText()), StandardCharsets.UTF_8).split("\\|", 2);
        offset = Integer.parseInt(parts[0]);
        if (parts.length != 2 || !parts[1].equals(scope) || offset < 0 || offset > all.size()) {
          throw invalidToken();
        }
      } catch (IllegalArgumentException e) {
        throw invalidToken();
      }
    }
    int end = Math.min(all.size(), offset + size);
    String next = end < all.size() ? Base64.getUrlEncoder().withoutPadding()
        .encodeToString((end + "|" + scope).getBytes(StandardCharsets.UTF_8)) : null;
    return new ConnectionsPage<>(all.subList(offset, end), next);
  }

  Map<String, Object> output(String member) {
    Map<String, Object> output = new LinkedHashMap<>();
    output.put(member, items);
    if (nextToken != null) {
      output.put("NextToken", nextToken);
    }
    return output;
  }

  private static CodePipelineException invalidToken() {
    return new CodePipelineException("ValidationException", "The NextToken is not valid");
  }
}

package dev.flowline.compiler;

import java.util.HashSet;
import java.util.Set;

/**
 * Hands out the ids of one compiled document. Ids are readable ({@code Stage_Build}) and unique: a
 * candidate already taken gets {@code _2}, {@code _3}, ... in the order ids are claimed, which the
 * compiler keeps fixed (declaration order), so the same declaration always gets the same ids.
 */
final class ElementIds {

  private final Set<String> taken = new HashSet<>();

  /**
   * A name as an NCName fragment: {@code [A-Za-z0-9.-]} kept, {@code @} becomes {@code _at_}, any other
   * character {@code _}, and a leading digit, dot or hyphen gets a {@code _} in front.
   */
  static String escape(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    name.codePoints().forEach(c -> {
      if (c < 128 && (Character.isLetterOrDigit(c) || c == '.' || c == '-')) {
        out.append((char) c);
      } else if (c == '@') {
        out.append("_at_");
      } else {
        out.append('_');
      }
    });
    if (out.isEmpty() || !Character.isLetter(out.charAt(0)) && out.charAt(0) != '_') {
      out.insert(0, '_');
    }
    return out.toString();
  }

  /** The candidate itself if free, otherwise the first free {@code candidate_n} with n = 2, 3, ... */
  String claim(String candidate) {
    return claimIn(taken, candidate);
  }

  /** Same rule within a caller's own namespace, e.g. the escaped names of the stages of a pipeline. */
  static String claimIn(Set<String> namespace, String candidate) {
    String id = candidate;
    for (int n = 2; !namespace.add(id); n++) {
      id = candidate + "_" + n;
    }
    return id;
  }
}

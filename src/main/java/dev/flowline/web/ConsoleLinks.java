package dev.flowline.web;

import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * Links the pages show that come from outside (an action's external URL, a revision's URL, an approval's
 * ExternalEntityLink): only http(s) and paths of this server become links, never {@code javascript:} or
 * {@code data:}. Templates call it as {@code @consoleLinks.safe(url)}.
 */
@Component("consoleLinks")
public class ConsoleLinks {

  /** {@code url} when it is safe to link to, else null (the page then shows no link). */
  public String safe(String url) {
    if (url == null) {
      return null;
    }
    String lower = url.strip().toLowerCase(Locale.ROOT);
    if (lower.startsWith("https://") || lower.startsWith("http://")) {
      return url.strip();
    }
    return lower.startsWith("/") && !lower.startsWith("//") && !lower.startsWith("/\\") ? url.strip() : null;
  }
}

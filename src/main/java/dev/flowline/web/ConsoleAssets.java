package dev.flowline.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The console's stylesheet, read once from {@code static/console/assets/console.css} and written into each page's
 * head ({@code @consoleAssets.css()}): a linked stylesheet blocks the first paint until the browser has found and
 * fetched it, which on the pipeline page took longer than the HTML itself (docs/benchmarks.md, console first paint).
 */
@Component("consoleAssets")
public class ConsoleAssets {
  private final String css;

  public ConsoleAssets() {
    try (InputStream in = new ClassPathResource("static/console/assets/console.css").getInputStream()) {
      css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String css() {
    return css;
  }
}

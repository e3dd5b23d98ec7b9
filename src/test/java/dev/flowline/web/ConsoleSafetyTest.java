package dev.flowline.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConsoleSafetyTest {

  @Test
  @DisplayName("After login the console goes back only to a path of its own: never another host, never the login page")
  void loginRedirectsOnlyToOwnPaths() {
    assertThat(ConsoleLoginController.safeNext("/console/pipelines/demo?x=1")).isEqualTo("/console/pipelines/demo?x=1");
    assertThat(ConsoleLoginController.safeNext(null)).isEqualTo("/");
    assertThat(ConsoleLoginController.safeNext("https://evil.example/")).isEqualTo("/");
    assertThat(ConsoleLoginController.safeNext("//evil.example/")).isEqualTo("/");
    assertThat(ConsoleLoginController.safeNext("/\\evil.example/")).isEqualTo("/");
    assertThat(ConsoleLoginController.safeNext("/console/login?next=/")).isEqualTo("/");
    assertThat(ConsoleLoginController.safeNext("/a\r\nSet-Cookie: x=y")).isEqualTo("/");
  }

  @Test
  @DisplayName("Only http(s) links and own paths become links; javascript: and data: do not")
  void linksAreHttpOrOwnPaths() {
    ConsoleLinks links = new ConsoleLinks();
    assertThat(links.safe("https://ci.example/build/1")).isEqualTo("https://ci.example/build/1");
    assertThat(links.safe("/flowline/logs/abc")).isEqualTo("/flowline/logs/abc");
    assertThat(links.safe("javascript:alert(1)")).isNull();
    assertThat(links.safe(" JavaScript:alert(1)")).isNull();
    assertThat(links.safe("data:text/html,<script>")).isNull();
    assertThat(links.safe("//evil.example/")).isNull();
    assertThat(links.safe(null)).isNull();
  }

  @Test
  @DisplayName("A log chunk never ends inside a UTF-8 character: the rest of it comes with the next poll")
  void logChunksEndOnWholeCharacters() {
    byte[] text = "ab€ü😀".getBytes(StandardCharsets.UTF_8); // 1 + 1 + 3 + 2 + 4 bytes
    assertThat(ConsoleLogController.completeCharacters(text, 11)).isEqualTo(11);
    assertThat(ConsoleLogController.completeCharacters(text, 10)).isEqualTo(7);
    assertThat(ConsoleLogController.completeCharacters(text, 8)).isEqualTo(7);
    assertThat(ConsoleLogController.completeCharacters(text, 6)).isEqualTo(5);
    assertThat(ConsoleLogController.completeCharacters(text, 4)).isEqualTo(2);
    assertThat(ConsoleLogController.completeCharacters(text, 2)).isEqualTo(2);
    assertThat(ConsoleLogController.completeCharacters(text, 0)).isEqualTo(0);
  }
}

package dev.flowline.execution.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Rules: pipeline patterns, event types and the checks that stop a bad rule at startup. */
class NotificationRulesTest {

  @Test
  @DisplayName("a rule matches its pipeline pattern (* for any characters, everything else literal) and its events")
  void patterns() {
    NotificationProperties.Rule rule = new NotificationProperties.Rule("release-*.prod", List.of("execution-failed"),
        "https://hooks.example.com/x", null, null);

    assertThat(rule.matches("release-web.prod", "execution-failed")).isTrue();
    assertThat(rule.matches("release-web.prod", "execution-started")).isFalse();
    assertThat(rule.matches("release-webXprod", "execution-failed")).as("the dot is literal").isFalse();
    assertThat(rule.matches("other", "execution-failed")).isFalse();
    assertThat(new NotificationProperties.Rule(null, List.of("approval-needed"), "http://127.0.0.1:1/", null, "Slack")
        .matches("anything", "approval-needed")).isTrue();
  }

  @Test
  @DisplayName("a rule with an unknown event type, format or a URL that is not http(s) is refused, naming the problem")
  void badRulesAreRefused() {
    assertThatThrownBy(() -> new NotificationProperties.Rule("*", List.of("execution-exploded"), "https://h/", null,
        null)).hasMessageContaining("execution-exploded");
    assertThatThrownBy(() -> new NotificationProperties.Rule("*", List.of(), "https://h/", null, "xml"))
        .hasMessageContaining("codepipeline or slack");
    assertThatThrownBy(() -> new NotificationProperties.Rule("*", List.of(), "file:///etc/passwd", null, null))
        .hasMessageContaining("http(s) URL");
    assertThatThrownBy(() -> new NotificationProperties.Rule("*", List.of(), null, null, null))
        .hasMessageContaining("http(s) URL");
  }

  @Test
  @DisplayName("the signature is the hex HMAC-SHA256 of the body (RFC 4231 test case 2)")
  void signature() {
    assertThat(NotificationDispatcher.sign("Jefe", "what do ya want for nothing?"))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }
}

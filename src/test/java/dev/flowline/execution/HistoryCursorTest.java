package dev.flowline.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HistoryCursorTest {

  final String scope = "ListPipelineExecutions|demo";
  final HistoryCursor cursor = HistoryCursor.olderThan(4711, "0b6f1d2e-8f7a-4c3b-9a1e-2d3c4b5a6f70");

  @Test
  @DisplayName("a token names the same position again, for the request it was issued for")
  void roundTrip() {
    assertThat(HistoryCursor.parse(cursor.token(scope), scope)).contains(cursor);
    HistoryCursor newer = HistoryCursor.newerThan(12, "abc-1");
    assertThat(HistoryCursor.parse(newer.token(scope), scope)).contains(newer);
  }

  @Test
  @DisplayName("given a token of another request, cut, edited or made up, then no position")
  void foreignOrDamagedTokensNameNoPosition() {
    String token = cursor.token(scope);
    String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
    String edited = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(decoded.replace("|4711|", "|4712|").getBytes(StandardCharsets.UTF_8));
    String turned = Base64.getUrlEncoder().withoutPadding()
        .encodeToString(decoded.replace("h1|o|", "h1|n|").getBytes(StandardCharsets.UTF_8));

    for (String bad : List.of(edited, turned, token.substring(1), "", "%%%", "aDF8b3wxfGF8MDA", "x".repeat(300))) {
      assertThat(HistoryCursor.parse(bad, scope)).as(bad).isEmpty();
    }
    assertThat(HistoryCursor.parse(token, "ListPipelineExecutions|other")).isEmpty();
    assertThat(HistoryCursor.parse(null, scope)).isEmpty();
  }

  @Test
  @DisplayName("a position needs a positive sequence number and a plain id")
  void positionsAreValidated() {
    assertThatThrownBy(() -> HistoryCursor.olderThan(0, "a")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HistoryCursor.olderThan(1, "a|b")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> HistoryCursor.olderThan(1, null)).isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.flowline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.execution.HistoryCursor;
import dev.flowline.pipeline.CodePipelineException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PagingTest {

  final List<Integer> items = IntStream.range(0, 5).boxed().toList();
  final String fingerprint = Paging.fingerprint("ListPipelineExecutions", "demo", null);

  @Test
  @DisplayName("given 5 items and pages of 2, then the tokens walk through all of them once")
  void pagesThroughAll() {
    Paging.Page<Integer> first = Paging.pageOf(items, 0, 2, fingerprint);
    Paging.Page<Integer> second = Paging.pageOf(items, Paging.offset(first.nextToken(), fingerprint), 2, fingerprint);
    Paging.Page<Integer> third = Paging.pageOf(items, Paging.offset(second.nextToken(), fingerprint), 2, fingerprint);

    assertThat(first.items()).containsExactly(0, 1);
    assertThat(second.items()).containsExactly(2, 3);
    assertThat(third.items()).containsExactly(4);
    assertThat(third.nextToken()).isNull();
  }

  @Test
  @DisplayName("given exactly a full last page, then no nextToken")
  void fullLastPageHasNoToken() {
    assertThat(Paging.pageOf(items, 0, 5, fingerprint).nextToken()).isNull();
  }

  @Test
  @DisplayName("given a token issued for another request (other filter), then InvalidNextTokenException")
  void tokenOfAnotherRequestIsRefused() {
    String token = Paging.token(2, Paging.fingerprint("ListPipelineExecutions", "demo", "Build"));

    assertThatThrownBy(() -> Paging.offset(token, fingerprint))
        .isInstanceOfSatisfying(CodePipelineException.class,
            e -> assertThat(e.errorType()).isEqualTo("InvalidNextTokenException"));
  }

  @Test
  @DisplayName("given a token that is not one of ours, then InvalidNextTokenException")
  void garbageTokenIsRefused() {
    for (String token : List.of("not base64!", "bm9wZQ", Paging.token(0, fingerprint))) {
      assertThatThrownBy(() -> Paging.offset(token, fingerprint))
          .isInstanceOfSatisfying(CodePipelineException.class,
              e -> assertThat(e.errorType()).isEqualTo("InvalidNextTokenException"));
    }
  }

  @Test
  @DisplayName("given a history position as nextToken, then the position; a console 'newer' link's is not a nextToken")
  void historyTokens() {
    HistoryCursor older = HistoryCursor.olderThan(42, "id-42");

    assertThat(Paging.cursor(older.token(fingerprint), fingerprint)).isEqualTo(older);
    assertThat(Paging.cursor(null, fingerprint)).isNull();
    for (String token : List.of(HistoryCursor.newerThan(42, "id-42").token(fingerprint), Paging.token(2, fingerprint),
        older.token(Paging.fingerprint("ListActionExecutions", "demo", null)))) {
      assertThatThrownBy(() -> Paging.cursor(token, fingerprint))
          .isInstanceOfSatisfying(CodePipelineException.class,
              e -> assertThat(e.errorType()).isEqualTo("InvalidNextTokenException"));
    }
  }
}

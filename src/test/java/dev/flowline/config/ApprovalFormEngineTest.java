package dev.flowline.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The approval form's links: only http(s) becomes a link, and nothing in a URL reaches Tasklist as markup. */
class ApprovalFormEngineTest {

  @Test
  void httpLinksAndTheConsolePageBecomeLinks() {
    String html = ApprovalFormEngine.links("https://example.com/review?a=1&b=2", "/console/pipelines/demo");
    assertThat(html).contains("href=\"https://example.com/review?a=1&amp;b=2\"", "href=\"/console/pipelines/demo\"",
        "rel=\"noopener noreferrer\"");
  }

  @Test
  void otherSchemesAndForeignPathsAreNoLinks() {
    assertThat(ApprovalFormEngine.links("javascript:alert(1)", null)).isEmpty();
    assertThat(ApprovalFormEngine.links(" JavaScript:alert(1)", "//evil.example/")).isEmpty();
    assertThat(ApprovalFormEngine.links("data:text/html,x", "https://evil.example/")).isEmpty();
    assertThat(ApprovalFormEngine.links("javascript:x", "/console/pipelines/p")).doesNotContain("javascript")
        .contains("/console/pipelines/p");
  }

  @Test
  void quotesAnglesAndBracesCannotLeaveTheAttributeOrBecomeAnExpression() {
    String html = ApprovalFormEngine.links("https://x.example/\"><script>{{constructor}}'", null);
    assertThat(html).doesNotContain("<script>", "{{")
        .contains("href=\"https://x.example/%22%3E%3Cscript%3E%7B%7Bconstructor%7D%7D%27\"");
  }
}

package dev.flowline.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ElementIdsTest {

  @Test
  @DisplayName("letters, digits, dots and hyphens are kept")
  void keepsNcNameCharacters() {
    assertThat(ElementIds.escape("Build-EU.v2")).isEqualTo("Build-EU.v2");
  }

  @Test
  @DisplayName("@ becomes _at_, any other character _")
  void replacesOtherCharacters() {
    assertThat(ElementIds.escape("web@prod")).isEqualTo("web_at_prod");
    assertThat(ElementIds.escape("a b/c'd_e")).isEqualTo("a_b_c_d_e");
    assertThat(ElementIds.escape("Café")).isEqualTo("Caf_");
    assertThat(ElementIds.escape("🚀go")).isEqualTo("_go");
  }

  @Test
  @DisplayName("a name starting with a digit, dot or hyphen gets a leading _")
  void prefixesInvalidStart() {
    assertThat(ElementIds.escape("1st")).isEqualTo("_1st");
    assertThat(ElementIds.escape(".hidden")).isEqualTo("_.hidden");
    assertThat(ElementIds.escape("-x")).isEqualTo("_-x");
    assertThat(ElementIds.escape("_x")).isEqualTo("_x");
    assertThat(ElementIds.escape("@x")).isEqualTo("_at_x");
  }

  @Test
  @DisplayName("a taken id gets _2, _3, ... in the order it is claimed")
  void claimsAreNumbered() {
    ElementIds ids = new ElementIds();
    assertThat(ids.claim("Stage_A")).isEqualTo("Stage_A");
    assertThat(ids.claim("Stage_A")).isEqualTo("Stage_A_2");
    assertThat(ids.claim("Stage_A_2")).isEqualTo("Stage_A_2_2");
    assertThat(ids.claim("Stage_A")).isEqualTo("Stage_A_3");
  }
}

package dev.flowline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.execution.PipelineSummary;
import dev.flowline.pipeline.CodePipelineException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ApiJsonTest {

  @Test
  @DisplayName("timestamps are JSON numbers of epoch seconds with milliseconds; null members are omitted")
  void timestampsAndNulls() {
    PipelineSummary summary = new PipelineSummary("demo", 1, null, null, Instant.parse("2015-03-25T01:11:51.525Z"),
        Instant.ofEpochSecond(1427245911));

    String json = new String(ApiJson.write(summary), StandardCharsets.UTF_8);

    assertThat(json).isEqualTo("{\"name\":\"demo\",\"version\":1,\"created\":1427245911.525,\"updated\":1427245911.000}");
  }

  @Test
  @DisplayName("an empty or blank body is {}; no output is {}")
  void emptyBodies() {
    assertThat(ApiJson.parse(new byte[0]).size()).isZero();
    assertThat(ApiJson.parse(" \n".getBytes()).isObject()).isTrue();
    assertThat(new String(ApiJson.write(null), StandardCharsets.UTF_8)).isEqualTo("{}");
  }

  @Test
  @DisplayName("malformed JSON, a non-object body, duplicate keys and trailing data are SerializationException")
  void badBodies() {
    for (String body : new String[] {"{\"name\":", "[1,2]", "{\"name\":\"a\",\"name\":\"b\"}", "{} {}"}) {
      assertThatThrownBy(() -> ApiJson.parse(body.getBytes()))
          .as(body)
          .isInstanceOfSatisfying(CodePipelineException.class,
              e -> assertThat(e.errorType()).isEqualTo("SerializationException"));
    }
  }
}

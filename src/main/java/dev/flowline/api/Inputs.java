package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.Tag;
import java.util.ArrayList;
import java.util.List;

/** Reading members of an input that already passed the model's shape checks. */
final class Inputs {

  private Inputs() {}

  /** A member the model marks required (so present), or an optional one (null when absent). */
  static String text(JsonNode input, String member) {
    JsonNode node = input.get(member);
    return node == null || node.isNull() ? null : node.asText();
  }

  static Integer integer(JsonNode input, String member) {
    JsonNode node = input.get(member);
    return node == null || node.isNull() ? null : node.asInt();
  }

  static int integer(JsonNode input, String member, int defaultValue) {
    Integer value = integer(input, member);
    return value == null ? defaultValue : value;
  }

  static boolean bool(JsonNode input, String member) {
    JsonNode node = input.get(member);
    return node != null && node.asBoolean(false);
  }

  static List<Tag> tags(JsonNode array) {
    List<Tag> tags = new ArrayList<>();
    if (array != null) {
      array.forEach(t -> tags.add(new Tag(t.path("key").asText(), t.path("value").asText())));
    }
    return tags;
  }

  /** CodePipeline reserves tag keys starting with {@code aws:}. */
  static void refuseSystemTagKeys(List<String> keys) {
    for (String key : keys) {
      if (key.regionMatches(true, 0, "aws:", 0, 4)) {
        throw new CodePipelineException("InvalidTagsException", "Not allowed to modify system tags. System tags "
            + "start with 'aws:'. msg=[Caller is an end user and not allowed to mutate system tags]");
      }
    }
  }
}

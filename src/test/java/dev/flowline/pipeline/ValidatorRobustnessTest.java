package dev.flowline.pipeline;

import static dev.flowline.pipeline.TestPipelines.VALIDATOR;
import static dev.flowline.pipeline.TestPipelines.declaration;
import static dev.flowline.pipeline.TestPipelines.rich;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Validation collects every violation, so the semantic rules also run on declarations that break the shape
 * constraints. Given the rich pipeline with any one member nulled or emptied, validation reports it and
 * never fails itself.
 */
class ValidatorRobustnessTest {

  static Stream<String> everyMember() {
    List<String> pointers = new ArrayList<>();
    collect(rich(), "", pointers);
    return pointers.stream();
  }

  private static void collect(JsonNode node, String pointer, List<String> out) {
    if (node.isObject()) {
      node.fieldNames().forEachRemaining(field -> {
        out.add(pointer + "/" + field);
        collect(node.get(field), pointer + "/" + field, out);
      });
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        out.add(pointer + "/" + i);
        collect(node.get(i), pointer + "/" + i, out);
      }
    }
  }

  private static void replace(ObjectNode root, String pointer, JsonNode value) {
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = root.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1);
    if (parent instanceof ArrayNode array) {
      array.set(Integer.parseInt(last), value);
    } else {
      ((ObjectNode) parent).set(last, value);
    }
  }

  @ParameterizedTest(name = "{0} = null")
  @MethodSource("everyMember")
  void givenAnyMemberNull_whenValidated_thenValidationCompletes(String pointer) {
    ObjectNode json = rich();
    replace(json, pointer, json.nullNode());

    assertThat(VALIDATOR.validate(declaration(json))).isNotNull();
  }

  @ParameterizedTest(name = "{0} emptied")
  @MethodSource("everyMember")
  void givenAnyMemberEmptied_whenValidated_thenSomethingIsReported(String pointer) {
    ObjectNode json = rich();
    JsonNode original = json.at(pointer);
    JsonNode empty = original.isArray() ? json.arrayNode() : original.isObject() ? json.objectNode()
        : original.isTextual() ? json.textNode("") : json.numberNode(0);
    replace(json, pointer, empty);

    List<Violation> violations = VALIDATOR.validate(declaration(json));

    if (!isOptionalContainer(pointer, original)) {
      assertThat(violations).as("violations after emptying %s", pointer).isNotEmpty();
    }
  }

  /**
   * Members whose empty form the model accepts and that no rule needs: optional lists and structures, an
   * optional configuration key, the approval's configuration, the Commands action's unused output.
   */
  private static boolean isOptionalContainer(String pointer, JsonNode original) {
    return pointer.matches(".*/(description|PollForSourceChanges|PrimarySource|TimeZone|CustomData)")
        || pointer.matches("/(variables|triggers)|/stages/\\d/onFailure|.*/rules/0/inputArtifacts")
        || pointer.matches(".*/(encryptionKey|retryConfiguration|tags|filePaths|blockers)")
        || pointer.equals("/stages/2/actions/0/configuration")
        || pointer.equals("/stages/1/actions/0/outputArtifacts")
        || pointer.endsWith("/configuration") && original.isObject() && !pointer.contains("/actions/");
  }
}

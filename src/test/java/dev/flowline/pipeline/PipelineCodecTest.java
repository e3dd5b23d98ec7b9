package dev.flowline.pipeline;

import static dev.flowline.pipeline.TestPipelines.JSON;
import static dev.flowline.pipeline.TestPipelines.resource;
import static dev.flowline.pipeline.TestPipelines.rich;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The strict JSON / YAML codec: what is read is exactly what was declared, and bad input names its place. */
class PipelineCodecTest {

  private static ObjectNode richWithRuleCommands() {
    ObjectNode json = rich();
    ((ObjectNode) json.at("/stages/2/beforeEntry/conditions/0/rules/0")).putArray("commands").add("date");
    return json;
  }

  private static PipelineFormatException formatError(String text) {
    return catchThrowableOfType(PipelineFormatException.class, () -> PipelineCodec.read(text));
  }

  @Test
  void givenJsonWithThePipelineWrapperAndTags_whenRead_thenBothAreRead() {
    ObjectNode wrapped = JSON.createObjectNode();
    wrapped.set("pipeline", rich());
    wrapped.putArray("tags").addObject().put("key", "team").put("value", "ci");

    PipelineDocument document = PipelineCodec.read(wrapped.toString());

    assertThat(document.pipeline().name()).isEqualTo("rich-app");
    assertThat(document.pipeline().stages()).hasSize(3);
    assertThat(document.tags()).containsExactly(new Tag("team", "ci"));
  }

  @Test
  void givenJsonWithoutTheWrapper_whenRead_thenTheSameDeclarationIsReadWithoutTags() {
    ObjectNode wrapped = JSON.createObjectNode();
    wrapped.set("pipeline", rich());

    PipelineDocument bare = PipelineCodec.read(rich().toString());

    assertThat(bare.pipeline()).isEqualTo(PipelineCodec.read(wrapped.toString()).pipeline());
    assertThat(bare.tags()).isNull();
  }

  @Test
  void givenYamlOfTheSameStructure_whenRead_thenItEqualsTheJsonDeclaration() {
    PipelineDocument yaml = PipelineCodec.read(resource("rich-pipeline.yaml"));

    assertThat(yaml.pipeline()).isEqualTo(PipelineCodec.read(resource("rich-pipeline.json")).pipeline());
    assertThat(yaml.tags()).containsExactly(new Tag("team", "ci"));
  }

  @Test
  void givenYamlWithoutTheWrapper_whenRead_thenTheDeclarationIsRead() {
    String yaml = "name: app\nroleArn: arn:aws:iam::123456789012:role/r\nstages:\n  - name: Source\n    actions: []\n";

    PipelineDeclaration pipeline = PipelineCodec.read(yaml).pipeline();

    assertThat(pipeline.name()).isEqualTo("app");
    assertThat(pipeline.stages()).extracting(StageDeclaration::name).containsExactly("Source");
  }

  @Test
  @DisplayName("round trip: write(read(x)) is x, member for member, with no member added or dropped")
  void givenARichDeclaration_whenWrittenAndReadBack_thenEveryMemberIsPreserved() throws Exception {
    ObjectNode original = richWithRuleCommands();
    PipelineDeclaration declaration = PipelineCodec.read(original.toString()).pipeline();

    String written = PipelineCodec.write(declaration);

    assertThat(JSON.readTree(written)).isEqualTo(original);
    assertThat(PipelineCodec.read(written).pipeline()).isEqualTo(declaration);
    assertThat(PipelineCodec.read(PipelineCodec.writePretty(declaration)).pipeline()).isEqualTo(declaration);
    assertThat(PipelineCodec.toTree(declaration)).isEqualTo(original);
  }

  @Test
  void givenADeclarationBuiltInCode_whenWritten_thenAbsentMembersAreLeftOutRatherThanWrittenAsNull() throws Exception {
    PipelineDeclaration declaration = new PipelineDeclaration("p", null, null, null,
        List.of(new StageDeclaration("S", null, List.of(), null, null, null)), null, null, null, null,
        List.of(new PipelineTriggerDeclaration("CodeStarSourceConnection", null)));

    JsonNode written = JSON.readTree(PipelineCodec.write(declaration));

    assertThat(written.toString()).doesNotContain("null");
    assertThat(written).isEqualTo(JSON.readTree("{\"name\":\"p\",\"stages\":[{\"name\":\"S\",\"actions\":[]}],"
        + "\"triggers\":[{\"providerType\":\"CodeStarSourceConnection\"}]}"));
  }

  @Test
  void givenAnUnknownMember_whenRead_thenTheErrorNamesItsPath() {
    ObjectNode json = rich();
    ((ObjectNode) json.at("/stages/1/actions/0")).put("runorder", 2);

    PipelineFormatException e = formatError(json.toString());

    assertThat(e.path()).isEqualTo("pipeline.stages.1.actions.0.runorder");
    assertThat(e.getMessage()).isEqualTo("Unknown member 'runorder' (at pipeline.stages.1.actions.0.runorder)");
  }

  @Test
  void givenAnUnknownTopLevelMemberNextToTheWrapper_whenRead_thenItIsNamed() {
    PipelineFormatException e = formatError("{\"pipeline\": {\"name\": \"p\"}, \"metadata\": {}}");

    assertThat(e.path()).isEqualTo("metadata");
    assertThat(e.getMessage()).startsWith("Unknown member 'metadata'");
  }

  @Test
  void givenAnUnknownMemberInYaml_whenRead_thenTheErrorNamesItsPath() {
    PipelineFormatException e = formatError("name: p\nstages:\n  - name: S\n    action: []\n");

    assertThat(e.path()).isEqualTo("pipeline.stages.0.action");
  }

  @Test
  void givenRunOrderAsAString_whenRead_thenWrongTypeAtItsPath() {
    PipelineFormatException e = formatError(
        "{\"name\": \"p\", \"stages\": [{\"name\": \"S\", \"actions\": [{\"name\": \"a\", \"runOrder\": \"1\"}]}]}");

    assertThat(e.path()).isEqualTo("pipeline.stages.0.actions.0.runOrder");
    assertThat(e.getMessage()).isEqualTo("Wrong type for 'runOrder': expected an integer, got a string"
        + " (at pipeline.stages.0.actions.0.runOrder)");
  }

  @Test
  void givenANameAsANumber_whenRead_thenWrongType() {
    PipelineFormatException e = formatError("{\"name\": 5}");

    assertThat(e.path()).isEqualTo("pipeline.name");
    assertThat(e.getMessage()).isEqualTo("Wrong type for 'name': expected a string, got a number (at pipeline.name)");
  }

  @Test
  void givenStagesAsAnObject_whenRead_thenWrongType() {
    PipelineFormatException e = formatError("{\"name\": \"p\", \"stages\": {}}");

    assertThat(e.path()).isEqualTo("pipeline.stages");
    assertThat(e.getMessage())
        .isEqualTo("Wrong type for 'stages': expected an array, got an object (at pipeline.stages)");
  }

  @Test
  void givenAConfigurationValueAsABoolean_whenRead_thenWrongTypeNamesTheKey() {
    PipelineFormatException e = formatError("{\"name\": \"p\", \"stages\": [{\"name\": \"S\", \"actions\": "
        + "[{\"name\": \"a\", \"configuration\": {\"Extract\": true}}]}]}");

    assertThat(e.path()).isEqualTo("pipeline.stages.0.actions.0.configuration.Extract");
    assertThat(e.getMessage()).startsWith("Wrong type for 'Extract': expected a string, got a boolean");
  }

  @Test
  void givenAnUnquotedNumberForAStringInYaml_whenRead_thenWrongTypeSaysToQuoteIt() {
    PipelineFormatException e = formatError("name: p\nstages:\n  - name: S\n    actions:\n      - name: a\n"
        + "        actionTypeId: {category: Source, owner: AWS, provider: S3, version: 1}\n");

    assertThat(e.path()).isEqualTo("pipeline.stages.0.actions.0.actionTypeId.version");
    assertThat(e.getMessage()).startsWith("Wrong type for 'version': expected a string, got a number;"
        + " in YAML, put the value in quotes");
  }

  @Test
  void givenMalformedJson_whenRead_thenTheMessageGivesTheLine() {
    PipelineFormatException e = formatError("{\n  \"name\": \"p\",\n  \"stages\": [ }\n}");

    assertThat(e.getMessage()).startsWith("Malformed JSON: ").contains("line 3").doesNotContain("Source:");
  }

  @Test
  void givenMalformedYaml_whenRead_thenTheMessageGivesTheLineOnOneLine() {
    PipelineFormatException e = formatError("name: p\nstages:\n  - name: [unclosed\n");

    assertThat(e.getMessage()).startsWith("Malformed YAML: ").contains("line 3").doesNotContain("\n");
  }

  @Test
  void givenADuplicateMember_whenRead_thenRefusedInJsonAndYaml() {
    assertThat(formatError("{\"name\": \"p\", \"name\": \"q\"}").getMessage())
        .contains("Duplicate field 'name'").contains("line 1");
    assertThat(formatError("name: p\nname: q\n").getMessage()).contains("Duplicate field 'name'").contains("line 2");
  }

  @Test
  void givenEmptyOrNonObjectText_whenRead_thenRefused() {
    assertThat(formatError("  ").getMessage()).isEqualTo("The pipeline definition is empty");
    assertThat(formatError("[1, 2]").getMessage()).isEqualTo("The pipeline definition must be an object");
  }
}

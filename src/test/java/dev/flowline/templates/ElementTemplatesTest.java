package dev.flowline.templates;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.actions.ActionExecutorRegistry;
import dev.flowline.FlowlineTest;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.KnownActionTypes;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineValidator;
import dev.flowline.pipeline.StageDeclaration;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * bpmn-templates/ is generated from the action type catalogue (the executors Spring wires, plus the manual
 * approval) by {@link ElementTemplateGenerator}. These tests keep the committed files equal to what the catalogue
 * says. To regenerate after adding a provider:
 *
 * <pre>mvn -B -ntp -q test -Dtest=ElementTemplatesTest -Dflowline.templates.write=true</pre>
 */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ElementTemplatesTest {

  static final String REGENERATE =
      "mvn -B -ntp -q test -Dtest=ElementTemplatesTest -Dflowline.templates.write=true";
  static final Path TEMPLATES = Path.of("bpmn-templates");
  static final Path CATALOG = Path.of("modeler-plugins", "lib", "catalog.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  static Collection<ActionTypeSpec> catalogue;
  static ActionTypeCatalog registry;
  static SortedMap<String, Map<String, Object>> generated;
  static String generatedCatalog;

  /**
   * The action types of the running Flowline (the shared test context: every executor, wherever Spring wires it,
   * e.g. the connection sources in ConnectionsConfiguration), less those a deployment adds by configuration or API
   * (partner and custom types): the templates are for the types every Flowline runs, as CodePipeline knows them.
   */
  @BeforeAll
  void generate(@Autowired ActionExecutorRegistry running) throws IOException {
    List<ActionTypeSpec> builtIn = running.all().stream()
        .filter(spec -> KnownActionTypes.find(spec.id()).isPresent()).toList();
    registry = new ActionTypeCatalog() {
      @Override
      public Optional<ActionTypeSpec> find(ActionTypeId id) {
        return builtIn.stream().filter(spec -> spec.id().equals(id)).findFirst();
      }

      @Override
      public Collection<ActionTypeSpec> all() {
        return builtIn;
      }
    };
    catalogue = builtIn;
    ElementTemplateGenerator generator = new ElementTemplateGenerator();
    generated = generator.templates(catalogue);
    generatedCatalog = ElementTemplateGenerator.write(generator.catalog(registry));
    if (Boolean.getBoolean("flowline.templates.write")) {
      Files.createDirectories(TEMPLATES);
      try (Stream<Path> old = Files.list(TEMPLATES)) {
        for (Path file : old.filter(p -> p.toString().endsWith(".json")).toList()) {
          Files.delete(file);
        }
      }
      for (Map.Entry<String, Map<String, Object>> file : generated.entrySet()) {
        Files.writeString(TEMPLATES.resolve(file.getKey()), ElementTemplateGenerator.write(file.getValue()));
      }
      Files.createDirectories(CATALOG.getParent());
      Files.writeString(CATALOG, generatedCatalog);
    }
  }

  @Test
  @DisplayName("the committed bpmn-templates/ and modeler-plugins/lib/catalog.json are what the catalogue generates")
  void committedFilesAreGenerated() throws IOException {
    Set<String> committed = new TreeSet<>();
    try (Stream<Path> files = Files.list(TEMPLATES)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).forEach(committed::add);
    }
    assertThat(committed).as("the template files in bpmn-templates/; regenerate with: " + REGENERATE)
        .isEqualTo(generated.keySet());
    for (Map.Entry<String, Map<String, Object>> file : generated.entrySet()) {
      assertThat(Files.readString(TEMPLATES.resolve(file.getKey())))
          .as("bpmn-templates/" + file.getKey() + " differs from the catalogue; regenerate with: " + REGENERATE)
          .isEqualTo(ElementTemplateGenerator.write(file.getValue()));
    }
    assertThat(Files.readString(CATALOG)).as(CATALOG + " differs from the catalogue; regenerate with: " + REGENERATE)
        .isEqualTo(generatedCatalog);
  }

  @Test
  @DisplayName("every action type Flowline runs has exactly one template, bound to its topic and its action type id")
  void everyActionTypeHasATemplate() throws IOException {
    List<JsonNode> templates = committedTemplates();
    for (ActionTypeSpec spec : catalogue) {
      String topic = spec.id().topic();
      List<JsonNode> matching = templates.stream()
          .filter(t -> t.path("id").asText().equals(ElementTemplateGenerator.templateId(spec))).toList();
      assertThat(matching).as("the template of " + topic + " in bpmn-templates/; regenerate with: " + REGENERATE)
          .hasSize(1);
      JsonNode template = matching.get(0);
      assertThat(hidden(template, "flowline.action.actionTypeId")).isEqualTo(topic);
      if (ElementTemplateGenerator.isApproval(spec)) {
        assertThat(template.path("appliesTo").get(0).asText()).isEqualTo("bpmn:UserTask");
      } else {
        assertThat(template.path("appliesTo").get(0).asText()).isEqualTo("bpmn:ServiceTask");
        assertThat(hidden(template, "camunda:topic")).isEqualTo(topic);
        assertThat(hidden(template, "camunda:type")).isEqualTo("external");
      }
    }
  }

  @Test
  @DisplayName("a template names only configuration keys its action type knows, and marks required keys notEmpty")
  void templatesNameOnlyKnownKeys() throws IOException {
    Set<String> templateIds = new HashSet<>();
    for (JsonNode template : committedTemplates()) {
      String id = template.path("id").asText();
      templateIds.add(id);
      if (!id.startsWith(ElementTemplateGenerator.ACTION_ID_PREFIX)) {
        continue;
      }
      ActionTypeSpec spec = catalogue.stream().filter(s -> ElementTemplateGenerator.templateId(s).equals(id))
          .findFirst().orElse(null);
      assertThat(spec).as("template " + id + " is for an action type no executor runs; regenerate with: "
          + REGENERATE).isNotNull();
      List<String> keys = new ArrayList<>();
      for (JsonNode property : template.path("properties")) {
        String name = property.path("binding").path("name").asText();
        if (!name.startsWith(ElementTemplateGenerator.CONFIG_PREFIX)) {
          continue;
        }
        String key = name.substring(ElementTemplateGenerator.CONFIG_PREFIX.length());
        keys.add(key);
        ConfigurationProperty declared = spec.configurationProperties().stream()
            .filter(c -> c.name().equals(key)).findFirst().orElse(null);
        assertThat(declared).as("template " + id + " names configuration key " + key + " that "
            + spec.id().topic() + " does not know").isNotNull();
        boolean notEmpty = property.path("constraints").path("notEmpty").asBoolean(false)
            || property.path("type").asText().equals("Dropdown") && !property.path("value").asText().isEmpty();
        assertThat(notEmpty).as("required key " + key + " of " + id).isEqualTo(declared.required());
      }
      assertThat(keys).as("the configuration keys of " + id).containsExactlyInAnyOrderElementsOf(
          spec.configurationProperties().stream().map(ConfigurationProperty::name).toList());
    }
    assertThat(templateIds).contains(ElementTemplateGenerator.STAGE_ID, ElementTemplateGenerator.PIPELINE_ID);
  }

  @Test
  @DisplayName("fields carry AWS's description and the service model's constraints")
  void fieldsAreConstrainedLikeTheServiceModel() throws IOException {
    JsonNode pipeline = JSON.readTree(TEMPLATES.resolve("pipeline.json").toFile());
    JsonNode roleArn = field(pipeline, "flowline.pipeline.roleArn");
    assertThat(roleArn.path("constraints").path("notEmpty").asBoolean()).isTrue();
    assertThat(roleArn.path("constraints").path("pattern").path("value").asText())
        .isEqualTo("^arn:aws(-[\\w]+)*:iam::[0-9]{12}:role/.*$");
    assertThat(roleArn.path("description").asText()).startsWith("The Amazon Resource Name (ARN) for CodePipeline");
    JsonNode mode = field(pipeline, "flowline.pipeline.executionMode");
    assertThat(mode.path("type").asText()).isEqualTo("Dropdown");
    assertThat(mode.path("choices").findValuesAsText("value")).containsExactly("QUEUED", "SUPERSEDED", "PARALLEL");

    JsonNode codeBuild = JSON.readTree(TEMPLATES.resolve("action-Build-AWS-CodeBuild-1.json").toFile());
    assertThat(field(codeBuild, "flowline.config.ProjectName").path("constraints").path("notEmpty").asBoolean())
        .isTrue();
    assertThat(field(codeBuild, "flowline.action.inputArtifacts").path("constraints").path("notEmpty").asBoolean())
        .isTrue();
    assertThat(field(codeBuild, "flowline.action.namespace").path("constraints").path("pattern").path("value")
        .asText()).isEqualTo("^([A-Za-z0-9@\\-_]+)?$");
    JsonNode s3Source = JSON.readTree(TEMPLATES.resolve("action-Source-AWS-S3-1.json").toFile());
    assertThat(field(s3Source, "flowline.config.PollForSourceChanges").path("choices").findValuesAsText("value"))
        .containsExactly("", "true", "false");
    assertThat(s3Source.path("properties").findValuesAsText("name")).doesNotContain("flowline.action.inputArtifacts");
  }

  @Test
  @DisplayName("the CodePipeline JSON the Modeler plugin exports from its valid design passes CreatePipeline's validation")
  void pluginExportIsAValidDeclaration() throws IOException {
    String exported = Files.readString(Path.of("modeler-plugins", "test", "fixtures", "valid-pipeline.json"));
    PipelineDeclaration pipeline = PipelineCodec.read(exported).pipeline();
    assertThat(new PipelineValidator(registry).validate(pipeline)).isEmpty();
    assertThat(pipeline.stages()).extracting(StageDeclaration::name).containsExactly("Source", "Build", "Release");
  }

  private static JsonNode field(JsonNode template, String binding) {
    for (JsonNode property : template.path("properties")) {
      if (property.path("binding").path("name").asText().equals(binding)) {
        return property;
      }
    }
    throw new AssertionError(template.path("id").asText() + " has no field bound to " + binding);
  }

  private static String hidden(JsonNode template, String binding) {
    JsonNode field = field(template, binding);
    assertThat(field.path("type").asText()).isEqualTo("Hidden");
    return field.path("value").asText();
  }

  private static List<JsonNode> committedTemplates() throws IOException {
    List<JsonNode> templates = new ArrayList<>();
    try (Stream<Path> files = Files.list(TEMPLATES)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        templates.add(JSON.readTree(file.toFile()));
      }
    }
    return templates;
  }
}

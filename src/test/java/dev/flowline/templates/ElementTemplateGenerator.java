package dev.flowline.templates;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes the Camunda 7 element templates of {@code bpmn-templates/} from the action type catalogue (what the
 * executors declare: configuration keys, required ones, artifact counts) and CodePipeline's service model (member
 * documentation, patterns, lengths and enums), so a template cannot drift from what Flowline runs. Every value
 * lands in a {@code camunda:property} named as docs/mapping.md and the modeler contract say
 * ({@code flowline.pipeline.*}, {@code flowline.stage.*}, {@code flowline.action.*}, {@code flowline.config.<Key>}).
 * The name is the element's own name (the panel's General group): a template field bound to {@code name} would
 * blank the name the person typed on the canvas when the template is applied, so there is none.
 *
 * <p>Also writes {@code modeler-plugins/lib/catalog.json}: the same catalogue for the plugin's lint rules.
 */
final class ElementTemplateGenerator {

  static final String SCHEMA = "https://unpkg.com/@camunda/element-templates-json-schema/resources/schema.json";
  static final String ACTION_ID_PREFIX = "dev.flowline.action.";
  static final String STAGE_ID = "dev.flowline.stage";
  static final String PIPELINE_ID = "dev.flowline.pipeline";
  static final String CONFIG_PREFIX = "flowline.config.";

  /**
   * Configuration values AWS documents as a closed set (the action structure reference); a dropdown in the
   * Modeler. Booleans come from the key's declared type as well.
   */
  private static final Map<String, List<String>> CHOICES = Map.of(
      "OutputArtifactFormat", List.of("CODE_ZIP", "CODEBUILD_CLONE_REF"),
      "ActionMode", List.of("CREATE_UPDATE", "DELETE_ONLY", "REPLACE_ON_FAILURE", "CHANGE_SET_REPLACE",
          "CHANGE_SET_EXECUTE"),
      "InputType", List.of("Literal", "FilePath"),
      "CannedACL", List.of("private", "public-read", "public-read-write", "authenticated-read", "aws-exec-read",
          "bucket-owner-read", "bucket-owner-full-control"),
      "RegistryType", List.of("private", "public"));
  private static final List<String> BOOLEAN_KEYS =
      List.of("PollForSourceChanges", "DetectChanges", "Extract", "BatchEnabled", "CombineArtifacts");
  private static final String ARTIFACT_NAME = "^[a-zA-Z0-9_\\-]+$";
  private static final String ARTIFACT_LIST = "^[a-zA-Z0-9_\\-]+(\\s*,\\s*[a-zA-Z0-9_\\-]+)*$";
  private static final String JSON_ARRAY = "^\\s*\\[[\\s\\S]*\\]\\s*$";
  private static final String JSON_OBJECT = "^\\s*\\{[\\s\\S]*\\}\\s*$";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final JsonNode shapes;

  ElementTemplateGenerator() {
    try (InputStream in = getClass().getResourceAsStream("/aws/codepipeline.service-2.json")) {
      this.shapes = JSON.readTree(in).path("shapes");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** File name under bpmn-templates/ to template, in a stable order. */
  SortedMap<String, Map<String, Object>> templates(Collection<ActionTypeSpec> catalogue) {
    SortedMap<String, Map<String, Object>> files = new TreeMap<>();
    files.put("pipeline.json", pipeline());
    files.put("stage.json", stage());
    for (ActionTypeSpec spec : catalogue) {
      files.put(fileName(spec), action(spec));
    }
    return files;
  }

  static String fileName(ActionTypeSpec spec) {
    return "action-" + spec.id().topic().replace('/', '-') + ".json";
  }

  static String templateId(ActionTypeSpec spec) {
    return ACTION_ID_PREFIX + spec.id().topic().replace('/', '.');
  }

  static boolean isApproval(ActionTypeSpec spec) {
    return spec.id().category().equals("Approval");
  }

  /** The catalogue for the lint rules and the JSON export of modeler-plugins/. */
  Map<String, Object> catalog(ActionTypeCatalog catalogue) {
    Map<String, Object> out = catalog(catalogue.all());
    out.put("messages", new ValidatorMessages(catalogue).all());
    return out;
  }

  private Map<String, Object> catalog(Collection<ActionTypeSpec> catalogue) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("generatedBy", "src/test/java/dev/flowline/templates/ElementTemplatesTest.java; do not edit");
    out.put("namePattern", anchored(shapes.path("ActionName").path("pattern").asText()));
    out.put("nameMaxLength", shapes.path("ActionName").path("max").asInt());
    out.put("artifactNamePattern", anchored(shapes.path("ArtifactName").path("pattern").asText()));
    List<Map<String, Object>> types = new ArrayList<>();
    for (ActionTypeSpec spec : catalogue) {
      Map<String, Object> type = new LinkedHashMap<>();
      type.put("templateId", templateId(spec));
      type.put("category", spec.id().category());
      type.put("owner", spec.id().owner());
      type.put("provider", spec.id().provider());
      type.put("version", spec.id().version());
      type.put("inputArtifacts", List.of(spec.minInputArtifacts(), spec.maxInputArtifacts()));
      type.put("outputArtifacts", List.of(spec.minOutputArtifacts(), spec.maxOutputArtifacts()));
      type.put("v2Only", spec.v2Only());
      type.put("requiredConfiguration",
          spec.configurationProperties().stream().filter(ConfigurationProperty::required)
              .map(ConfigurationProperty::name).toList());
      type.put("configuration", spec.configurationProperties().stream().map(ConfigurationProperty::name).toList());
      types.add(type);
    }
    out.put("actionTypes", types);
    return out;
  }

  private Map<String, Object> pipeline() {
    Map<String, Object> t = header("Flowline pipeline", PIPELINE_ID, "bpmn:Process",
        doc("PipelineDeclaration") + " The process name is the pipeline name.");
    t.put("groups", List.of(group("pipeline", "Pipeline"), group("variables", "Variables and triggers")));
    List<Map<String, Object>> p = new ArrayList<>();
    p.add(member("pipeline", "roleArn", "Role ARN", "PipelineDeclaration", "RoleArn", true));
    p.add(dropdown("pipeline", "flowline.pipeline.pipelineType", "Pipeline type", "PipelineDeclaration", "pipelineType",
        "PipelineType", "V2"));
    p.add(dropdown("pipeline", "flowline.pipeline.executionMode", "Execution mode", "PipelineDeclaration",
        "executionMode", "ExecutionMode", "SUPERSEDED"));
    p.add(jsonField("pipeline", "flowline.pipeline.artifactStore", "Artifact store (JSON)",
        memberDoc("PipelineDeclaration", "artifactStore") + " Example: {\"type\": \"S3\", \"location\": \"my-bucket\"}",
        JSON_OBJECT));
    p.add(jsonField("pipeline", "flowline.pipeline.artifactStores", "Artifact stores by region (JSON)",
        memberDoc("PipelineDeclaration", "artifactStores"), JSON_OBJECT));
    p.add(jsonField("variables", "flowline.pipeline.variables", "Variables (JSON array)",
        memberDoc("PipelineDeclaration", "variables")
            + " Example: [{\"name\": \"Env\", \"defaultValue\": \"test\", \"description\": \"...\"}]", JSON_ARRAY));
    p.add(jsonField("variables", "flowline.pipeline.triggers", "Triggers (JSON array)",
        memberDoc("PipelineDeclaration", "triggers"), JSON_ARRAY));
    t.put("properties", p);
    return t;
  }

  private Map<String, Object> stage() {
    Map<String, Object> t = header("Flowline stage", STAGE_ID, "bpmn:SubProcess",
        doc("StageDeclaration") + " The sub-process name is the stage name; its tasks are the stage's actions,"
            + " in sequence or between a parallel fork and join (one run order each).");
    t.put("groups", List.of(group("conditions", "Stage conditions")));
    List<Map<String, Object>> p = new ArrayList<>();
    for (String member : List.of("onFailure", "onSuccess", "beforeEntry", "blockers")) {
      String label = switch (member) {
        case "onFailure" -> "On failure (JSON)";
        case "onSuccess" -> "On success (JSON)";
        case "beforeEntry" -> "Before entry (JSON)";
        default -> "Blockers (JSON array)";
      };
      String example = switch (member) {
        case "onFailure" -> " Example: {\"result\": \"RETRY\", \"retryConfiguration\": {\"retryMode\": \"FAILED_ACTIONS\"}}";
        case "blockers" -> "";
        default -> " Example: {\"conditions\": [{\"rules\": [...]}]}";
      };
      p.add(jsonField("conditions", "flowline.stage." + member, label, memberDoc("StageDeclaration", member) + example,
          member.equals("blockers") ? JSON_ARRAY : JSON_OBJECT));
    }
    t.put("properties", p);
    return t;
  }

  private Map<String, Object> action(ActionTypeSpec spec) {
    String topic = spec.id().topic();
    boolean approval = isApproval(spec);
    String title = spec.id().category() + ": " + spec.id().provider()
        + (spec.id().owner().equals("AWS") ? "" : " (" + spec.id().owner() + ")");
    Map<String, Object> t = header(title, templateId(spec), approval ? "bpmn:UserTask" : "bpmn:ServiceTask",
        "CodePipeline action type " + topic + (spec.v2Only() ? " (V2 pipelines only)" : "")
            + ". The task name is the action name.");
    t.put("groups", List.of(group("configuration", "Configuration"), group("artifacts", "Artifacts and variables"),
        group("action", "Action")));
    List<Map<String, Object>> p = new ArrayList<>();
    if (!approval) {
      p.add(hidden("property", "camunda:type", "external"));
      p.add(hidden("property", "camunda:topic", topic));
    }
    p.add(hidden("camunda:property", "flowline.action.actionTypeId", topic));
    spec.configurationProperties().stream().sorted(Comparator.comparing(c -> !c.required()))
        .forEach(c -> p.add(configuration(c)));
    if (spec.maxInputArtifacts() > 0) {
      p.add(artifacts("flowline.action.inputArtifacts", "Input artifacts", "inputArtifacts",
          spec.minInputArtifacts(), spec.maxInputArtifacts()));
    }
    if (spec.maxOutputArtifacts() > 0) {
      p.add(artifacts("flowline.action.outputArtifacts", "Output artifacts", "outputArtifacts",
          spec.minOutputArtifacts(), spec.maxOutputArtifacts()));
    }
    if (spec.id().provider().equals("Commands")) {
      p.add(required(jsonField("configuration", "flowline.action.commands", "Commands (JSON array of strings)",
          memberDoc("ActionDeclaration", "commands") + " Example: [\"npm ci\", \"npm test\"]", JSON_ARRAY)));
      p.add(jsonField("artifacts", "flowline.action.outputVariables", "Output variables (JSON array)",
          memberDoc("ActionDeclaration", "outputVariables") + " Example: [\"VERSION\"]", JSON_ARRAY));
      p.add(jsonField("artifacts", "flowline.action.environmentVariables", "Environment variables (JSON array)",
          memberDoc("ActionDeclaration", "environmentVariables")
              + " Example: [{\"name\": \"STAGE\", \"value\": \"prod\", \"type\": \"PLAINTEXT\"}]", JSON_ARRAY));
    }
    p.add(member("artifacts", "namespace", "Variable namespace", "ActionDeclaration", "ActionNamespace", false));
    p.add(member("action", "region", "Region", "ActionDeclaration", "AWSRegionName", false));
    p.add(member("action", "roleArn", "Role ARN", "ActionDeclaration", "RoleArn", false));
    Map<String, Object> timeout = field("action", "String", "Timeout in minutes",
        memberDoc("ActionDeclaration", "timeoutInMinutes").replaceAll("\\s+$", "")
            + " Between 5 and 86400; the default of this action type is "
            + spec.defaultTimeout().toMinutes() + " minutes.",
        "flowline.action.timeoutInMinutes");
    timeout.put("constraints", ordered("pattern", pattern("^([5-9]|[1-9][0-9]{1,3}|[1-7][0-9]{4}|8[0-5][0-9]{3}|86[0-3][0-9]{2}|86400)?$",
        "Must be a whole number of minutes between 5 and 86400.")));
    p.add(timeout);
    t.put("properties", p);
    return t;
  }

  private Map<String, Object> configuration(ConfigurationProperty c) {
    String description = (c.description() == null || c.description().isBlank() ? "" : c.description() + ". ")
        + (c.required() ? "Required." : "Optional.")
        + (c.secret() ? " Secret: Flowline masks it in GetPipeline and never writes it into compiled BPMN." : "");
    String name = CONFIG_PREFIX + c.name();
    List<String> choices = CHOICES.get(c.name());
    if (choices == null && (BOOLEAN_KEYS.contains(c.name()) || "Boolean".equals(c.type()))) {
      choices = List.of("true", "false");
    }
    Map<String, Object> f;
    if (choices != null) {
      f = field("configuration", "Dropdown", c.name(), description, name);
      List<Map<String, Object>> options = new ArrayList<>();
      if (!c.required()) {
        options.add(choice("(not set)", ""));
      }
      choices.forEach(v -> options.add(choice(v, v)));
      f.put("choices", options);
      f.put("value", c.required() ? choices.get(0) : "");
    } else {
      f = field("configuration", "String", c.name(), description, name);
      Map<String, Object> constraints = new LinkedHashMap<>();
      if (c.required()) {
        constraints.put("notEmpty", true);
      }
      constraints.put("maxLength", shapes.path("ActionConfigurationValue").path("max").asInt(1000));
      if ("Number".equals(c.type())) {
        constraints.put("pattern", pattern("^([0-9]+)?$", "Must be a number."));
      }
      f.put("constraints", constraints);
    }
    return f;
  }

  private Map<String, Object> artifacts(String name, String label, String member, int min, int max) {
    Map<String, Object> f = field("artifacts", "String", label, memberDoc("ActionDeclaration", member)
        + " Comma-separated artifact names; this action type takes " + (min == max ? "exactly " + min
        : "between " + min + " and " + max) + ".", name);
    Map<String, Object> constraints = new LinkedHashMap<>();
    String list = max == 1 ? ARTIFACT_NAME : ARTIFACT_LIST;
    String hint = max == 1 ? "One artifact name: letters, digits, _ and -."
        : "Artifact names: letters, digits, _ and -, separated by commas.";
    if (min > 0) {
      constraints.put("notEmpty", true);
      constraints.put("pattern", pattern(list, hint));
    } else {
      constraints.put("pattern", pattern("^(" + list.substring(1, list.length() - 1) + ")?$", hint));
    }
    f.put("constraints", constraints);
    return f;
  }

  /** A field for a string member of a declaration shape, constrained as the service model constrains it. */
  private Map<String, Object> member(String group, String member, String label, String structure, String shape,
      boolean required) {
    String owner = structure.equals("PipelineDeclaration") ? "pipeline" : "action";
    Map<String, Object> f = field(group, "String", label, memberDoc(structure, member),
        "flowline." + owner + "." + member);
    JsonNode s = shapes.path(shape);
    Map<String, Object> constraints = new LinkedHashMap<>();
    if (required) {
      constraints.put("notEmpty", true);
    }
    if (s.has("min") && required) {
      constraints.put("minLength", s.path("min").asInt());
    }
    if (s.has("max")) {
      constraints.put("maxLength", s.path("max").asInt());
    }
    if (s.has("pattern")) {
      String regex = s.path("pattern").asText();
      constraints.put("pattern", pattern(required ? anchored(regex) : "^(" + regex + ")?$",
          "Must match the pattern " + regex + " (" + shape + ")."));
    } else if (s.has("min") && !required) {
      constraints.put("pattern", pattern("^(.{" + s.path("min").asInt() + ",})?$",
          "Must have length greater than or equal to " + s.path("min").asInt() + "."));
    }
    f.put("constraints", constraints);
    return f;
  }

  private Map<String, Object> dropdown(String group, String name, String label, String structure, String member,
      String shape, String value) {
    Map<String, Object> f = field(group, "Dropdown", label, memberDoc(structure, member), name);
    List<Map<String, Object>> options = new ArrayList<>();
    shapes.path(shape).path("enum").forEach(v -> options.add(choice(v.asText(), v.asText())));
    f.put("choices", options);
    f.put("value", value);
    return f;
  }

  private Map<String, Object> jsonField(String group, String name, String label, String description, String regex) {
    // Camunda 7 allows only String, Hidden and Dropdown fields for camunda:property bindings (no Text area).
    Map<String, Object> f = field(group, "String", label, description, name);
    f.put("constraints", ordered("pattern", pattern("^$|" + regex, "Must be JSON: " + (regex.equals(JSON_ARRAY)
        ? "an array [...]." : "an object {...}."))));
    return f;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> required(Map<String, Object> field) {
    Map<String, Object> constraints = new LinkedHashMap<>((Map<String, Object>) field.get("constraints"));
    constraints.put("notEmpty", true);
    Map<String, Object> out = new LinkedHashMap<>(field);
    out.put("constraints", constraints);
    return out;
  }

  private static Map<String, Object> header(String name, String id, String appliesTo, String description) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("$schema", SCHEMA);
    t.put("name", name);
    t.put("id", id);
    t.put("version", 1);
    t.put("description", description);
    t.put("documentationRef", "https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html");
    t.put("appliesTo", List.of(appliesTo));
    return t;
  }

  private static Map<String, Object> field(String group, String type, String label, String description, String name) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("label", label);
    f.put("description", description);
    f.put("group", group);
    f.put("type", type);
    f.put("binding", ordered("type", "camunda:property", "name", name));
    return f;
  }

  private static Map<String, Object> hidden(String bindingType, String name, String value) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("type", "Hidden");
    f.put("value", value);
    f.put("binding", ordered("type", bindingType, "name", name));
    return f;
  }

  private static Map<String, Object> group(String id, String label) {
    return ordered("id", id, "label", label);
  }

  private static Map<String, Object> choice(String name, String value) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("name", name);
    c.put("value", value);
    return c;
  }

  private static Map<String, Object> pattern(String value, String message) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("value", value);
    p.put("message", message);
    return p;
  }

  /** Map.of's order changes from run to run; the committed files must not. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static String anchored(String regex) {
    return "^" + regex + "$";
  }

  private String doc(String shape) {
    return text(shapes.path(shape).path("documentation").asText());
  }

  private String memberDoc(String structure, String member) {
    return text(shapes.path(structure).path("members").path(member).path("documentation").asText());
  }

  /** The service model's documentation as plain text: tags dropped, entities and spaces normalised. */
  static String text(String html) {
    return html.replaceAll("<[^>]+>", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        .replace("&quot;", "\"").replace("&#39;", "'").replaceAll("\\s+", " ").replaceAll(" ([.,:;)])", "$1")
        .strip();
  }

  /** Two-space indentation, {@code "key": value}, a final newline: the way the files are committed. */
  static String write(Object value) {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
        .withObjectIndenter(new DefaultIndenter("  ", "\n"))
        .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    ObjectWriter writer = JSON.writer(printer);
    try {
      return writer.writeValueAsString(value) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

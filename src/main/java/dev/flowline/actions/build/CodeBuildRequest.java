package dev.flowline.actions.build;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.pipeline.EnvironmentVariable;
import dev.flowline.pipeline.OutputArtifact;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A CodeBuild action's configuration, checked: which project, which input artifact is the primary source
 * (the only one, or the one {@code PrimarySource} names), the {@code EnvironmentVariables} (a JSON array of
 * {@code {name, value, type}}, type PLAINTEXT by default) and the output artifacts to produce.
 */
public record CodeBuildRequest(
    String projectName,
    InputArtifactRef primarySource,
    List<InputArtifactRef> secondarySources,
    List<EnvironmentVariable> environmentVariables,
    List<OutputArtifact> outputArtifacts) {

  static final Set<String> VARIABLE_TYPES = Set.of("PLAINTEXT", "PARAMETER_STORE", "SECRETS_MANAGER");
  private static final Pattern PROJECT_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{1,254}");
  private static final Set<String> VARIABLE_FIELDS = Set.of("name", "value", "type");
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Reads the job's configuration.
   *
   * @throws IllegalArgumentException with a message for the action's ConfigurationError; it never
   *     contains an environment variable's value
   */
  static CodeBuildRequest of(ActionJob job) {
    String project = job.config("ProjectName");
    if (project == null || project.isBlank()) {
      throw new IllegalArgumentException("Action configuration for action '" + job.actionName()
          + "' is missing required configuration 'ProjectName'");
    }
    if (!PROJECT_NAME.matcher(project).matches()) {
      throw new IllegalArgumentException("ProjectName '" + project + "' is not a valid CodeBuild project name");
    }
    List<InputArtifactRef> inputs = job.inputArtifacts() == null ? List.of() : job.inputArtifacts();
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("A CodeBuild action needs at least one input artifact");
    }
    String primaryName = job.config("PrimarySource");
    if (primaryName == null || primaryName.isBlank()) {
      if (inputs.size() > 1) {
        throw new IllegalArgumentException("PrimarySource is required when the action has more than one input "
            + "artifact: name one of " + inputs.stream().map(InputArtifactRef::name).toList());
      }
      primaryName = inputs.get(0).name();
    }
    InputArtifactRef primary = null;
    List<InputArtifactRef> secondary = new ArrayList<>();
    for (InputArtifactRef input : inputs) {
      if (input.name().equals(primaryName)) {
        primary = input;
      } else {
        secondary.add(input);
      }
    }
    if (primary == null) {
      throw new IllegalArgumentException("PrimarySource '" + primaryName + "' is not an input artifact of the action: "
          + "name one of " + inputs.stream().map(InputArtifactRef::name).toList());
    }
    boolean batch = flag(job, "BatchEnabled");
    if (batch) {
      throw new IllegalArgumentException("BatchEnabled is not supported yet: Flowline runs one build per action");
    }
    if (flag(job, "CombineArtifacts")) {
      throw new IllegalArgumentException("CombineArtifacts needs BatchEnabled set to true");
    }
    List<EnvironmentVariable> variables = environmentVariables(job.config("EnvironmentVariables"));
    List<OutputArtifact> outputs = job.outputArtifacts() == null ? List.of() : job.outputArtifacts();
    return new CodeBuildRequest(project, primary, List.copyOf(secondary), variables, outputs);
  }

  private static boolean flag(ActionJob job, String key) {
    String value = job.config(key);
    if (value == null || value.isBlank() || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw new IllegalArgumentException(key + " must be true or false, not '" + value + "'");
  }

  static List<EnvironmentVariable> environmentVariables(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    JsonNode array;
    try {
      array = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      // Jackson's own message quotes the input, which may hold a secret: say only where it broke
      throw new IllegalArgumentException("EnvironmentVariables is not valid JSON"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException("EnvironmentVariables must be a JSON array of {name, value, type} objects");
    }
    List<EnvironmentVariable> variables = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      JsonNode item = array.get(i);
      String at = "EnvironmentVariables[" + i + "]";
      if (!item.isObject()) {
        throw new IllegalArgumentException(at + " must be an object with name, value and type");
      }
      for (Iterator<String> fields = item.fieldNames(); fields.hasNext(); ) {
        String field = fields.next();
        if (!VARIABLE_FIELDS.contains(field)) {
          throw new IllegalArgumentException(at + " has unknown field '" + field + "': use name, value and type");
        }
      }
      JsonNode name = item.get("name");
      if (name == null || !name.isTextual() || name.asText().isBlank()) {
        throw new IllegalArgumentException(at + " needs a name");
      }
      JsonNode value = item.get("value");
      if (value == null || !value.isTextual()) {
        throw new IllegalArgumentException(at + " (" + name.asText() + ") needs a string value");
      }
      JsonNode type = item.get("type");
      String typeName = type == null || type.isNull() ? "PLAINTEXT" : type.asText();
      if (!VARIABLE_TYPES.contains(typeName)) {
        throw new IllegalArgumentException(at + " (" + name.asText() + ") has unknown type '" + typeName
            + "': use PLAINTEXT, PARAMETER_STORE or SECRETS_MANAGER");
      }
      variables.add(new EnvironmentVariable(name.asText(), value.asText(), typeName));
    }
    return List.copyOf(variables);
  }
}

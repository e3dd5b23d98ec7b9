package dev.flowline.actions.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.InputFiles;
import dev.flowline.actions.InputFiles.InvalidFileReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.cloudformation.model.DeploymentTargets;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackSetOperationPreferences;

/**
 * The configuration both stack set providers share, as CodePipeline spells it: {@code DeploymentTargets} (account
 * ids, or organizational unit ids for SERVICE_MANAGED stack sets; comma-separated, or {@code Artifact::file} with a
 * JSON list), {@code Regions} (comma-separated), the operation preferences ({@code FailureTolerancePercentage},
 * {@code FailureToleranceCount}, {@code MaxConcurrentPercentage}, {@code MaxConcurrentCount},
 * {@code RegionConcurrencyType}) and parameter lists ({@code Parameters} / {@code ParameterOverrides}: a JSON list
 * of {@code {"ParameterKey", "ParameterValue"}}, the CLI's shorthand {@code ParameterKey=a,ParameterValue=b ...}, or
 * {@code Artifact::file} with the JSON list). Every problem is an {@link InvalidFileReference} naming the key.
 */
record StackSetTargets(List<String> accounts, List<String> organizationalUnits, List<String> regions,
    StackSetOperationPreferences preferences) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");
  private static final Pattern ORGANIZATIONAL_UNIT = Pattern.compile("ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|r-[a-z0-9]{4,32}");
  private static final Pattern SHORTHAND = Pattern.compile("ParameterKey=([^,\\s]+),ParameterValue=([^\\s]*)");

  static StackSetTargets read(ActionJob job, InputFiles files, boolean required)
      throws IOException, InvalidFileReference {
    List<String> targets = list(job, files, "DeploymentTargets", required);
    List<String> accounts = new ArrayList<>();
    List<String> units = new ArrayList<>();
    for (String target : targets) {
      if (ACCOUNT.matcher(target).matches()) {
        accounts.add(target);
      } else if (ORGANIZATIONAL_UNIT.matcher(target).matches()) {
        units.add(target);
      } else {
        throw new InvalidFileReference("DeploymentTargets: '" + target + "' is neither a 12-digit account id nor an "
            + "organizational unit id");
      }
    }
    if (!accounts.isEmpty() && !units.isEmpty()) {
      throw new InvalidFileReference("DeploymentTargets: give account ids or organizational unit ids, not both");
    }
    List<String> regions = list(job, files, "Regions", required);
    return new StackSetTargets(accounts, units, regions, preferences(job));
  }

  boolean isEmpty() {
    return (accounts.isEmpty() && organizationalUnits.isEmpty()) || regions.isEmpty();
  }

  /** The SDK's DeploymentTargets, for SERVICE_MANAGED stack sets (organizational units). */
  DeploymentTargets deploymentTargets() {
    return organizationalUnits.isEmpty() ? null
        : DeploymentTargets.builder().organizationalUnitIds(organizationalUnits).build();
  }

  static List<Parameter> parameters(ActionJob job, InputFiles files, String key)
      throws IOException, InvalidFileReference {
    String value = job.config(key);
    if (value == null || value.isBlank()) {
      return List.of();
    }
    String text = value.strip();
    if (!text.startsWith("[") && text.contains("::")) {
      text = files.read(key, text).strip();
    }
    List<Parameter> parameters = new ArrayList<>();
    if (text.startsWith("[")) {
      JsonNode list = json(key, text);
      for (JsonNode item : list) {
        if (!item.isObject() || !item.has("ParameterKey")) {
          throw new InvalidFileReference(key + ": every item needs a ParameterKey");
        }
        Parameter.Builder parameter = Parameter.builder().parameterKey(item.get("ParameterKey").asText());
        if (item.path("UsePreviousValue").asBoolean(false)) {
          parameter.usePreviousValue(true);
        } else {
          parameter.parameterValue(item.path("ParameterValue").asText(""));
        }
        parameters.add(parameter.build());
      }
      return parameters;
    }
    Matcher matcher = SHORTHAND.matcher(text);
    int end = 0;
    while (matcher.find()) {
      if (!text.substring(end, matcher.start()).isBlank()) {
        break;
      }
      parameters.add(Parameter.builder().parameterKey(matcher.group(1)).parameterValue(matcher.group(2)).build());
      end = matcher.end();
    }
    if (parameters.isEmpty() || !text.substring(end).isBlank()) {
      throw new InvalidFileReference(key + " must be a JSON list of {\"ParameterKey\", \"ParameterValue\"}, "
          + "ParameterKey=k,ParameterValue=v pairs, or ArtifactName::file");
    }
    return parameters;
  }

  private static List<String> list(ActionJob job, InputFiles files, String key, boolean required)
      throws IOException, InvalidFileReference {
    String value = job.config(key);
    if (value == null || value.isBlank()) {
      if (required) {
        throw new InvalidFileReference("Action configuration is missing required configuration '" + key + "'");
      }
      return List.of();
    }
    String text = value.strip();
    if (text.contains("::")) {
      JsonNode list = json(key, files.read(key, text));
      List<String> items = new ArrayList<>();
      for (JsonNode item : list) {
        if (!item.isTextual()) {
          throw new InvalidFileReference(key + ": " + text + " must be a JSON list of strings");
        }
        items.add(item.asText().strip());
      }
      return items;
    }
    return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static StackSetOperationPreferences preferences(ActionJob job) throws InvalidFileReference {
    StackSetOperationPreferences.Builder preferences = StackSetOperationPreferences.builder();
    boolean any = false;
    Integer failurePercentage = number(job, "FailureTolerancePercentage", 0, 100);
    Integer failureCount = number(job, "FailureToleranceCount", 0, Integer.MAX_VALUE);
    Integer concurrentPercentage = number(job, "MaxConcurrentPercentage", 1, 100);
    Integer concurrentCount = number(job, "MaxConcurrentCount", 1, Integer.MAX_VALUE);
    if (failurePercentage != null && failureCount != null) {
      throw new InvalidFileReference("FailureTolerancePercentage and FailureToleranceCount exclude each other");
    }
    if (concurrentPercentage != null && concurrentCount != null) {
      throw new InvalidFileReference("MaxConcurrentPercentage and MaxConcurrentCount exclude each other");
    }
    if (failurePercentage != null) {
      preferences.failureTolerancePercentage(failurePercentage);
      any = true;
    }
    if (failureCount != null) {
      preferences.failureToleranceCount(failureCount);
      any = true;
    }
    if (concurrentPercentage != null) {
      preferences.maxConcurrentPercentage(concurrentPercentage);
      any = true;
    }
    if (concurrentCount != null) {
      preferences.maxConcurrentCount(concurrentCount);
      any = true;
    }
    String regionConcurrency = job.config("RegionConcurrencyType");
    if (regionConcurrency != null && !regionConcurrency.isBlank()) {
      if (!List.of("SEQUENTIAL", "PARALLEL").contains(regionConcurrency.strip())) {
        throw new InvalidFileReference("RegionConcurrencyType '" + regionConcurrency + "' is not one of SEQUENTIAL, "
            + "PARALLEL");
      }
      preferences.regionConcurrencyType(regionConcurrency.strip());
      any = true;
    }
    return any ? preferences.build() : null;
  }

  private static Integer number(ActionJob job, String key, int min, int max) throws InvalidFileReference {
    String value = job.config(key);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      int number = Integer.parseInt(value.strip());
      if (number < min || number > max) {
        throw new InvalidFileReference(key + " must be between " + min + " and " + max + ", not " + number);
      }
      return number;
    } catch (NumberFormatException e) {
      throw new InvalidFileReference(key + " must be a whole number, not '" + value + "'");
    }
  }

  private static JsonNode json(String key, String text) throws InvalidFileReference {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isArray()) {
        throw new InvalidFileReference(key + " must be a JSON list");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidFileReference(key + " is not valid JSON: " + e.getOriginalMessage());
    }
  }
}

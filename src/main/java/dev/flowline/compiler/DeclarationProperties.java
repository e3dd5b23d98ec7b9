package dev.flowline.compiler;

import static dev.flowline.compiler.BpmnContract.*;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.InputArtifact;
import dev.flowline.pipeline.OutputArtifact;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.StageDeclaration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The declaration as the {@code camunda:property} entries of its BPMN elements ({@link BpmnContract}): a
 * member that is absent gets no property, plain strings stay as they are, objects and lists become compact
 * JSON with map keys in order, so that the same declaration always yields the same properties.
 */
final class DeclarationProperties {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .serializationInclusion(JsonInclude.Include.NON_NULL)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private DeclarationProperties() {}

  static Map<String, String> pipeline(PipelineDeclaration pipeline) {
    Map<String, String> p = new LinkedHashMap<>();
    put(p, PIPELINE_NAME, pipeline.name());
    put(p, PIPELINE_ROLE_ARN, pipeline.roleArn());
    put(p, PIPELINE_TYPE, pipeline.pipelineType());
    put(p, PIPELINE_EXECUTION_MODE, pipeline.executionMode());
    putJson(p, PIPELINE_ARTIFACT_STORE, pipeline.artifactStore());
    putJson(p, PIPELINE_ARTIFACT_STORES, pipeline.artifactStores());
    putJson(p, PIPELINE_VARIABLES, pipeline.variables());
    putJson(p, PIPELINE_TRIGGERS, pipeline.triggers());
    return p;
  }

  static Map<String, String> stage(StageDeclaration stage) {
    Map<String, String> p = new LinkedHashMap<>();
    putJson(p, STAGE_BLOCKERS, stage.blockers());
    putJson(p, STAGE_ON_FAILURE, stage.onFailure());
    putJson(p, STAGE_ON_SUCCESS, stage.onSuccess());
    putJson(p, STAGE_BEFORE_ENTRY, stage.beforeEntry());
    return p;
  }

  /** @param position the action's index in its stage, when the stage lists its actions out of runOrder order */
  static Map<String, String> action(ActionDeclaration action, Integer position, Set<String> secretKeys) {
    Map<String, String> p = new LinkedHashMap<>();
    put(p, ACTION_TYPE_ID, action.actionTypeId() == null ? null : action.actionTypeId().topic());
    put(p, ACTION_RUN_ORDER, action.runOrder() == null ? null : action.runOrder().toString());
    put(p, ACTION_POSITION, position == null ? null : position.toString());
    put(p, ACTION_INPUT_ARTIFACTS, inputs(action.inputArtifacts()));
    put(p, ACTION_OUTPUT_ARTIFACTS, outputs(action.outputArtifacts()));
    put(p, ACTION_NAMESPACE, action.namespace());
    put(p, ACTION_REGION, action.region());
    put(p, ACTION_ROLE_ARN, action.roleArn());
    put(p, ACTION_TIMEOUT_IN_MINUTES, action.timeoutInMinutes() == null ? null : action.timeoutInMinutes().toString());
    putJson(p, ACTION_COMMANDS, action.commands());
    putJson(p, ACTION_OUTPUT_VARIABLES, action.outputVariables());
    putJson(p, ACTION_ENVIRONMENT_VARIABLES, action.environmentVariables());
    if (action.configuration() != null && action.configuration().isEmpty()) {
      put(p, ACTION_CONFIGURATION, "{}");
    }
    new TreeMap<>(action.configurationOrEmpty()).forEach((key, value) -> {
      if (!secretKeys.contains(key)) {
        put(p, CONFIG_PREFIX + key, value);
      }
    });
    return p;
  }

  /** Comma-separated names, the form a person types; JSON when empty or a name could not be read back. */
  private static String inputs(List<InputArtifact> artifacts) {
    if (artifacts == null) {
      return null;
    }
    List<String> names = artifacts.stream().map(InputArtifact::name).toList();
    return plainNames(names) ? String.join(",", names) : json(artifacts);
  }

  private static String outputs(List<OutputArtifact> artifacts) {
    if (artifacts == null) {
      return null;
    }
    List<String> names = artifacts.stream().map(OutputArtifact::name).toList();
    boolean files = artifacts.stream().anyMatch(a -> a.files() != null);
    return !files && plainNames(names) ? String.join(",", names) : json(artifacts);
  }

  /** Names that survive the comma-separated form: none empty, none with a comma or surrounding blanks. */
  private static boolean plainNames(List<String> names) {
    return !names.isEmpty() && names.stream().allMatch(n -> n != null && !n.isEmpty() && !n.contains(",")
        && n.strip().equals(n) && !n.startsWith("["));
  }

  private static void put(Map<String, String> p, String key, String value) {
    if (value != null) {
      p.put(key, value);
    }
  }

  private static void putJson(Map<String, String> p, String key, Object value) {
    if (value != null) {
      p.put(key, json(value));
    }
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "actionTypeId", "runOrder", "configuration", "commands", "outputArtifacts",
    "inputArtifacts", "outputVariables", "roleArn", "region", "namespace", "timeoutInMinutes",
    "environmentVariables"})
public record ActionDeclaration(
    String name,
    ActionTypeId actionTypeId,
    Integer runOrder,
    Map<String, String> configuration,
    List<String> commands,
    List<OutputArtifact> outputArtifacts,
    List<InputArtifact> inputArtifacts,
    List<String> outputVariables,
    String roleArn,
    String region,
    String namespace,
    Integer timeoutInMinutes,
    List<EnvironmentVariable> environmentVariables) {

  /** CodePipeline's default run order is 1. */
  public int effectiveRunOrder() {
    return runOrder == null ? 1 : runOrder;
  }

  public Map<String, String> configurationOrEmpty() {
    return configuration == null ? Map.of() : configuration;
  }

  public List<InputArtifact> inputArtifactsOrEmpty() {
    return inputArtifacts == null ? List.of() : inputArtifacts;
  }

  public List<OutputArtifact> outputArtifactsOrEmpty() {
    return outputArtifacts == null ? List.of() : outputArtifacts;
  }

  public List<String> commandsOrEmpty() {
    return commands == null ? List.of() : commands;
  }

  public List<String> outputVariablesOrEmpty() {
    return outputVariables == null ? List.of() : outputVariables;
  }

  public List<EnvironmentVariable> environmentVariablesOrEmpty() {
    return environmentVariables == null ? List.of() : environmentVariables;
  }
}

package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "ruleTypeId", "configuration", "commands", "inputArtifacts", "roleArn", "region",
    "timeoutInMinutes"})
public record RuleDeclaration(
    String name,
    RuleTypeId ruleTypeId,
    Map<String, String> configuration,
    List<String> commands,
    List<InputArtifact> inputArtifacts,
    String roleArn,
    String region,
    Integer timeoutInMinutes) {}

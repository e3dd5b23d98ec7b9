package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * A pipeline exactly as CodePipeline declares it ({@code PipelineDeclaration} in the service model).
 * Enumerated members (executionMode, pipelineType, ...) are kept as strings so that any JSON a user
 * sends round-trips unchanged and validation, not parsing, reports a value outside the enum.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "roleArn", "artifactStore", "artifactStores", "stages", "version",
    "executionMode", "pipelineType", "variables", "triggers"})
public record PipelineDeclaration(
    String name,
    String roleArn,
    ArtifactStore artifactStore,
    Map<String, ArtifactStore> artifactStores,
    List<StageDeclaration> stages,
    Integer version,
    String executionMode,
    String pipelineType,
    List<PipelineVariableDeclaration> variables,
    List<PipelineTriggerDeclaration> triggers) {

  public static final String DEFAULT_EXECUTION_MODE = "SUPERSEDED";

  /** The execution mode in force: the declared one, or CodePipeline's default SUPERSEDED. */
  public String effectiveExecutionMode() {
    return executionMode == null ? DEFAULT_EXECUTION_MODE : executionMode;
  }

  /** The pipeline type in force; CodePipeline creates V2 pipelines when none is given. */
  public String effectivePipelineType() {
    return pipelineType == null ? "V2" : pipelineType;
  }

  public List<StageDeclaration> stagesOrEmpty() {
    return stages == null ? List.of() : stages;
  }

  public List<PipelineVariableDeclaration> variablesOrEmpty() {
    return variables == null ? List.of() : variables;
  }

  public List<PipelineTriggerDeclaration> triggersOrEmpty() {
    return triggers == null ? List.of() : triggers;
  }

  public PipelineDeclaration withVersion(int newVersion) {
    return new PipelineDeclaration(name, roleArn, artifactStore, artifactStores, stages, newVersion,
        executionMode, pipelineType, variables, triggers);
  }

  public java.util.Optional<StageDeclaration> stage(String stageName) {
    return stagesOrEmpty().stream().filter(s -> s.name() != null && s.name().equals(stageName)).findFirst();
  }
}

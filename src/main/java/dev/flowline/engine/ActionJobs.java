package dev.flowline.engine;

import dev.flowline.actions.ActionJob;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.artifacts.ArtifactLocation;
import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionRecords.ActionRow;
import dev.flowline.execution.ExecutionRecords.ExecutionRow;
import dev.flowline.execution.StoredArtifact;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.EnvironmentVariable;
import dev.flowline.pipeline.InputArtifact;
import dev.flowline.pipeline.VariableReferences;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.springframework.stereotype.Component;

/** Assembles the job an executor runs: resolved configuration and the locations of its input artifacts. */
@Component
class ActionJobs {
  private final ExecutionRecords records;
  private final VariableScope variables;

  ActionJobs(ExecutionRecords records, VariableScope variables) {
    this.records = records;
    this.variables = variables;
  }

  /**
   * @throws VariableReferences.UnresolvedVariableException when a reference has no value
   * @throws IllegalStateException when an input artifact was never produced
   */
  ActionJob assemble(PipelineModel model, ActionRow row, ExecutionRow execution, ActionDeclaration action,
      Duration timeout) {
    BiFunction<String, String, Optional<String>> lookup = variables.lookup(model, execution);
    Map<String, String> configuration = VariableReferences.resolveAll(action.configurationOrEmpty(), lookup);
    List<String> commands = action.commandsOrEmpty().stream().map(c -> VariableReferences.resolve(c, lookup)).toList();
    List<EnvironmentVariable> environment = action.environmentVariablesOrEmpty().stream()
        .map(v -> new EnvironmentVariable(v.name(), VariableReferences.resolve(v.value(), lookup), v.type())).toList();

    Map<String, StoredArtifact> produced = new java.util.HashMap<>();
    if (!action.inputArtifactsOrEmpty().isEmpty()) {
      if (execution.rollbackTarget() != null) {
        produced.putAll(records.outputArtifacts(execution.rollbackTarget()));
      }
      produced.putAll(records.outputArtifacts(row.executionId()));
    }
    List<InputArtifactRef> inputs = new ArrayList<>();
    List<StoredArtifact> stored = new ArrayList<>();
    for (InputArtifact input : action.inputArtifactsOrEmpty()) {
      StoredArtifact artifact = produced.get(input.name());
      if (artifact == null) {
        throw new IllegalStateException("Input artifact " + input.name() + " was not produced in this execution");
      }
      stored.add(artifact);
      inputs.add(new InputArtifactRef(artifact.name(), new ArtifactLocation(artifact.bucket(), artifact.key()),
          artifact.revisionId()));
    }
    if (row.continuationToken() == null) {
      records.actionInput(row.id(), configuration, stored);
    }
    return new ActionJob(row.id(), model.name(), row.executionId(), row.stageName(), row.actionName(),
        action.actionTypeId(), configuration, commands, environment, action.outputVariablesOrEmpty(), inputs,
        action.outputArtifactsOrEmpty(), action.region(), row.continuationToken(), timeout,
        execution.sourceRevisionOverrides(row.actionName()).stream()
            .map(o -> new ActionJob.RevisionOverride(o.revisionType(), o.revisionValue())).toList(),
        action.roleArn(), model.declaration().roleArn());
  }
}

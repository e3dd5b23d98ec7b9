package dev.flowline.engine;

import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionRecords.ExecutionRow;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.StageDeclaration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.springframework.stereotype.Component;

/**
 * The variables an action can see when it starts: {@code codepipeline.PipelineExecutionId}, the
 * execution's pipeline variables, and the output variables of namespaced actions that already ran.
 */
@Component
class VariableScope {
  private final ExecutionRecords records;

  VariableScope(ExecutionRecords records) {
    this.records = records;
  }

  /**
   * Resolves {@code namespace.name}. The output variables of earlier actions are read on the first lookup
   * of an action namespace, so configuration that references none costs no query.
   */
  BiFunction<String, String, Optional<String>> lookup(PipelineModel model, ExecutionRow execution) {
    var outputs = new Object() {
      private Map<String, Map<String, String>> byNamespace;

      Map<String, String> of(String namespace) {
        if (byNamespace == null) {
          byNamespace = outputsByNamespace(model, execution);
        }
        return byNamespace.getOrDefault(namespace, Map.of());
      }
    };
    return (namespace, name) -> {
      if ("codepipeline".equals(namespace)) {
        return "PipelineExecutionId".equals(name) ? Optional.of(execution.id()) : Optional.empty();
      }
      if ("variables".equals(namespace)) {
        return Optional.ofNullable(execution.variables().get(name));
      }
      return Optional.ofNullable(outputs.of(namespace).get(name));
    };
  }

  private Map<String, Map<String, String>> outputsByNamespace(PipelineModel model, ExecutionRow execution) {
    Map<String, Map<String, String>> byAction = new HashMap<>();
    if (execution.rollbackTarget() != null) {
      byAction.putAll(records.outputVariables(execution.rollbackTarget()));
    }
    byAction.putAll(records.outputVariables(execution.id()));
    Map<String, Map<String, String>> byNamespace = new HashMap<>();
    for (StageDeclaration stage : model.declaration().stagesOrEmpty()) {
      for (ActionDeclaration action : stage.actionsOrEmpty()) {
        Map<String, String> outputs = byAction.get(stage.name() + "/" + action.name());
        if (action.namespace() != null && outputs != null) {
          byNamespace.put(action.namespace(), outputs);
        }
      }
    }
    return byNamespace;
  }
}

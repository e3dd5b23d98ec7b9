package dev.flowline.engine;

import dev.flowline.compiler.PipelineCompiler;
import dev.flowline.execution.PipelineStore;
import dev.flowline.pipeline.PipelineDeclaration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Finds the pipeline version a process definition was compiled from. Versions never change once
 * deployed, so each is loaded and compiled once per node.
 */
@Component
class PipelineModels {
  private final PipelineStore store;
  private final PipelineCompiler compiler;
  private final Map<String, PipelineModel> byDefinition = new ConcurrentHashMap<>();

  PipelineModels(PipelineStore store, PipelineCompiler compiler) {
    this.store = store;
    this.compiler = compiler;
  }

  PipelineModel forDefinition(String processDefinitionId) {
    PipelineModel cached = byDefinition.get(processDefinitionId);
    if (cached != null) {
      return cached;
    }
    PipelineDeclaration declaration = store.declarationOfDefinition(processDefinitionId)
        .orElseThrow(() -> new IllegalStateException("Process definition " + processDefinitionId
            + " is not a Flowline pipeline"));
    PipelineModel model = new PipelineModel(declaration, declaration.version(), compiler.compile(declaration));
    byDefinition.put(processDefinitionId, model);
    return model;
  }

  /** Forgets a definition, e.g. when a newer version reuses it or the pipeline is deleted. */
  void evict(String processDefinitionId) {
    byDefinition.remove(processDefinitionId);
  }
}

package dev.flowline.engine;

import dev.flowline.compiler.CompiledPipeline;
import dev.flowline.compiler.ElementRef;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.StageDeclaration;

/** A deployed pipeline version: the declaration and what each BPMN element of its process stands for. */
record PipelineModel(PipelineDeclaration declaration, int version, CompiledPipeline compiled) {

  ElementRef element(String activityId) {
    ElementRef ref = compiled.elements().get(activityId);
    if (ref == null) {
      throw new IllegalStateException("Element " + activityId + " is not part of pipeline " + declaration.name());
    }
    return ref;
  }

  StageDeclaration stage(String stageName) {
    return declaration.stage(stageName)
        .orElseThrow(() -> new IllegalStateException("No stage " + stageName + " in " + declaration.name()));
  }

  ActionDeclaration action(String stageName, String actionName) {
    return stage(stageName).action(actionName)
        .orElseThrow(() -> new IllegalStateException("No action " + stageName + "/" + actionName));
  }

  /** Only a stage with an entry condition can be skipped; the others need no look at the records. */
  boolean mayBeSkipped(String stageName) {
    return stage(stageName).entryConditionsOrEmpty().stream().anyMatch(c -> "SKIP".equals(c.result()));
  }

  String name() {
    return declaration.name();
  }

  String executionMode() {
    return declaration.effectiveExecutionMode();
  }
}

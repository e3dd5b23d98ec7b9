package dev.flowline.compiler;

import dev.flowline.pipeline.CodePipelineException;

/**
 * A BPMN document that is not a pipeline: malformed XML, a shape the reader cannot turn into stages and
 * runOrder groups (a loop, an exclusive gateway, a task outside a stage, ...), a task without an action
 * template, an unknown action type or a missing or malformed member. The message starts with the id of the
 * element at fault, so the Modeler's user finds it: {@code Task_1: no action template applied ...}.
 * CodePipeline's name for a declaration it cannot make sense of is {@code InvalidStructureException}.
 */
public class BpmnShapeException extends CodePipelineException {
  public static final String ERROR_TYPE = "InvalidStructureException";

  private final String elementId;

  public BpmnShapeException(String elementId, String problem) {
    super(ERROR_TYPE, elementId == null ? problem : elementId + ": " + problem);
    this.elementId = elementId;
  }

  /** The id of the element at fault; null when the document as a whole is (malformed XML). */
  public String elementId() {
    return elementId;
  }
}

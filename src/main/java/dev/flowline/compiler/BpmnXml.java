package dev.flowline.compiler;

import java.io.ByteArrayInputStream;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.xml.ModelException;

/**
 * BPMN XML to a model, through Camunda's Model API parser (which does not resolve external entities); a
 * malformed document is a {@link BpmnShapeException} with the parser's own words.
 */
final class BpmnXml {

  private BpmnXml() {}

  static BpmnModelInstance parse(byte[] xml) {
    try {
      return Bpmn.readModelFromStream(new ByteArrayInputStream(xml));
    } catch (ModelException e) {
      throw new BpmnShapeException(null, "Malformed BPMN XML: " + rootMessage(e));
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage() == null ? e.getMessage() : cause.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}

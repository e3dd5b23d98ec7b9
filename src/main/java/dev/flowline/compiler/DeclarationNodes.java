package dev.flowline.compiler;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineFormatException;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/** What the pipeline, stage and action readers share: the name rule, and the codec's errors on the element. */
final class DeclarationNodes {

  private DeclarationNodes() {}

  /** The element's name attribute, or the {@code flowline.*.name} property; both present must agree. */
  static String name(BaseElement element, ElementProperties props, String property, String what) {
    String attribute = element instanceof FlowElement flow ? flow.getName()
        : element instanceof Process process ? process.getName() : null;
    String stated = props.get(property);
    if (attribute != null && !attribute.isBlank()) {
      if (stated != null && !stated.equals(attribute)) {
        throw new BpmnShapeException(element.getId(), "the " + what + " is named '" + attribute + "' but " + property
            + " says '" + stated + "'; rename one so they agree");
      }
      return attribute;
    }
    if (stated == null || stated.isBlank()) {
      throw new BpmnShapeException(element.getId(), "the " + what + " has no name (set the element's name)");
    }
    return stated;
  }

  static <T> T convert(ObjectNode node, Class<T> type, String what, ModelElementInstance element) {
    try {
      return PipelineCodec.convert(node, type, what);
    } catch (PipelineFormatException e) {
      throw new BpmnShapeException(((BaseElement) element).getId(), e.getMessage());
    }
  }
}

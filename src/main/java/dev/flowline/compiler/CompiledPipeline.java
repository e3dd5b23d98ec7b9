package dev.flowline.compiler;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/**
 * One pipeline declaration compiled to a Camunda process.
 *
 * @param processKey the process definition key, {@code Pipeline_<escaped name>}
 * @param xml the BPMN 2.0 document; byte-identical for an unchanged declaration, whatever its version
 * @param model the same document as a model instance (do not modify it: {@code xml} would no longer match)
 * @param elements every element id the engine addresses, in declaration order, mapped to what it is
 */
public record CompiledPipeline(String processKey, String xml, BpmnModelInstance model,
    Map<String, ElementRef> elements) {

  public CompiledPipeline {
    elements = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(elements, "elements")));
  }

  /**
   * The id of the element of this kind for the given stage and action (pass null where
   * {@link ElementRef} has none). Ids are derived from names but deduplicated, so look them up here
   * instead of recomputing them.
   *
   * @throws IllegalArgumentException if the pipeline has no such element
   */
  public String idOf(Kind kind, String stageName, String actionName) {
    ElementRef wanted = new ElementRef(kind, stageName, actionName);
    return elements.entrySet().stream()
        .filter(e -> e.getValue().equals(wanted))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("pipeline " + processKey + " has no " + wanted));
  }
}

package dev.flowline.compiler;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;

/**
 * The {@code flowline.*} camunda:properties of one BPMN element, read as the members of a declaration record:
 * {@link #put} copies one into a JSON object under the record's member name, with its JSON type, so that the
 * codec's strict conversion decides the rest. Every problem names the element.
 */
final class ElementProperties {

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

  private final String elementId;
  private final Map<String, String> values;

  private ElementProperties(String elementId, Map<String, String> values) {
    this.elementId = elementId;
    this.values = values;
  }

  /**
   * The element's properties named {@code flowline.*}; any of them outside {@code allowed} (and not under
   * {@code allowedPrefix}, when given) is refused, so that a typo does not silently drop a member.
   */
  static ElementProperties of(BaseElement element, Set<String> allowed, String allowedPrefix) {
    Map<String, String> values = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    ExtensionElements extensions = element.getExtensionElements();
    if (extensions != null) {
      for (CamundaProperties properties : extensions.getChildElementsByType(CamundaProperties.class)) {
        for (CamundaProperty property : properties.getCamundaProperties()) {
          String name = property.getCamundaName();
          if (name == null || !name.startsWith(BpmnContract.PROPERTY_PREFIX)) {
            continue;
          }
          if (!allowed.contains(name) && (allowedPrefix == null || !name.startsWith(allowedPrefix)
              || name.length() == allowedPrefix.length())) {
            throw new BpmnShapeException(element.getId(), "unknown property '" + name + "' on a "
                + element.getElementType().getTypeName() + "; see docs/mapping.md for the properties Flowline reads");
          }
          String value = property.getCamundaValue() != null ? property.getCamundaValue() : property.getTextContent();
          if (!seen.add(name)) {
            throw new BpmnShapeException(element.getId(), "property '" + name + "' is set twice");
          }
          // the Modeler writes every field of an applied template, "" for one left empty: that is no value
          if (value != null && !value.isEmpty()) {
            values.put(name, value);
          }
        }
      }
    }
    return new ElementProperties(element.getId(), values);
  }

  boolean isEmpty() {
    return values.isEmpty();
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  /** The value, or null when the property is absent. */
  String get(String name) {
    return values.get(name);
  }

  Map<String, String> withPrefix(String prefix) {
    Map<String, String> found = new LinkedHashMap<>();
    values.forEach((name, value) -> {
      if (name.startsWith(prefix)) {
        found.put(name.substring(prefix.length()), value);
      }
    });
    return found;
  }

  /** Copies a plain string property into {@code member}. */
  void putString(ObjectNode target, String member, String property) {
    if (has(property)) {
      target.put(member, get(property));
    }
  }

  /** Copies an integer property into {@code member}. */
  void putInteger(ObjectNode target, String member, String property) {
    if (has(property)) {
      target.set(member, integer(property));
    }
  }

  JsonNode integer(String property) {
    String text = get(property).strip();
    try {
      return JsonNodeFactory.instance.numberNode(Integer.parseInt(text));
    } catch (NumberFormatException e) {
      throw problem(property, "must be an integer, got '" + get(property) + "'");
    }
  }

  /** Copies a JSON-valued property into {@code member}. */
  void putJson(ObjectNode target, String member, String property) {
    if (has(property)) {
      target.set(member, json(property));
    }
  }

  JsonNode json(String property) {
    try {
      JsonNode node = JSON.readTree(get(property));
      if (node == null || node.isMissingNode()) {
        throw problem(property, "is empty; it must be JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw problem(property, "is not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** Artifacts: comma-separated names, or a JSON array as in the declaration. */
  void putArtifacts(ObjectNode target, String member, String property) {
    if (!has(property)) {
      return;
    }
    String text = get(property).strip();
    if (text.startsWith("[")) {
      target.set(member, json(property));
      return;
    }
    ArrayNode artifacts = target.putArray(member);
    if (text.isEmpty()) {
      return;
    }
    for (String name : text.split(",", -1)) {
      if (name.isBlank()) {
        throw problem(property, "has an empty artifact name in '" + get(property) + "'");
      }
      artifacts.addObject().put("name", name.strip());
    }
  }

  BpmnShapeException problem(String property, String what) {
    return new BpmnShapeException(elementId, property + " " + what);
  }
}

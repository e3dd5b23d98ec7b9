package dev.flowline.compiler;

import static dev.flowline.compiler.BpmnContract.*;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.Task;
import org.camunda.bpm.model.bpmn.instance.UserTask;

/**
 * One task as an {@link ActionDeclaration}: its {@code flowline.action.*} and {@code flowline.config.*}
 * properties, its action type (stated or the external task's topic) and, with a catalog, the type's required
 * configuration.
 */
final class ActionReader {

  static final Set<String> PROPERTIES = Set.of(ACTION_NAME, ACTION_TYPE_ID, ACTION_RUN_ORDER,
      ACTION_POSITION, ACTION_INPUT_ARTIFACTS, ACTION_OUTPUT_ARTIFACTS, ACTION_NAMESPACE, ACTION_REGION, ACTION_ROLE_ARN,
      ACTION_TIMEOUT_IN_MINUTES, ACTION_COMMANDS, ACTION_OUTPUT_VARIABLES, ACTION_ENVIRONMENT_VARIABLES,
      ACTION_CONFIGURATION);

  /** Null: any well-formed action type (validation decides later). */
  private final ActionTypeCatalog catalog;

  ActionReader(ActionTypeCatalog catalog) {
    this.catalog = catalog;
  }

  ActionDeclaration action(Activity task) {
    ElementProperties props = ElementProperties.of(task, PROPERTIES, CONFIG_PREFIX);
    ActionTypeId type = actionType(task, props);
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", DeclarationNodes.name(task, props, ACTION_NAME, "action"));
    node.set("actionTypeId", typeNode(type));
    props.putInteger(node, "runOrder", ACTION_RUN_ORDER);
    ObjectNode configuration = props.has(ACTION_CONFIGURATION) && props.json(ACTION_CONFIGURATION).isObject()
        ? (ObjectNode) props.json(ACTION_CONFIGURATION) : null;
    if (props.has(ACTION_CONFIGURATION) && configuration == null) {
      throw props.problem(ACTION_CONFIGURATION, "must be a JSON object");
    }
    Map<String, String> keys = props.withPrefix(CONFIG_PREFIX);
    if (!keys.isEmpty()) {
      configuration = configuration == null ? JsonNodeFactory.instance.objectNode() : configuration;
      for (Map.Entry<String, String> key : keys.entrySet()) {
        configuration.put(key.getKey(), key.getValue());
      }
    }
    if (configuration != null) {
      node.set("configuration", configuration);
    }
    props.putJson(node, "commands", ACTION_COMMANDS);
    props.putArtifacts(node, "outputArtifacts", ACTION_OUTPUT_ARTIFACTS);
    props.putArtifacts(node, "inputArtifacts", ACTION_INPUT_ARTIFACTS);
    props.putJson(node, "outputVariables", ACTION_OUTPUT_VARIABLES);
    props.putString(node, "roleArn", ACTION_ROLE_ARN);
    props.putString(node, "region", ACTION_REGION);
    props.putString(node, "namespace", ACTION_NAMESPACE);
    props.putInteger(node, "timeoutInMinutes", ACTION_TIMEOUT_IN_MINUTES);
    props.putJson(node, "environmentVariables", ACTION_ENVIRONMENT_VARIABLES);
    ActionDeclaration action = DeclarationNodes.convert(node, ActionDeclaration.class, "action", task);
    checkAgainstCatalog(task, action);
    return action;
  }

  private static ObjectNode typeNode(ActionTypeId type) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("category", type.category());
    node.put("owner", type.owner());
    node.put("provider", type.provider());
    node.put("version", type.version());
    return node;
  }

  private static ActionTypeId actionType(Activity task, ElementProperties props) {
    if (!(task instanceof ServiceTask) && !(task instanceof UserTask) && !(task instanceof Task)) {
      throw new BpmnShapeException(task.getId(), "not a task");
    }
    String stated = props.get(ACTION_TYPE_ID);
    String topic = task instanceof ServiceTask service && EXTERNAL_TASK_TYPE.equals(service.getCamundaType())
        ? service.getCamundaTopic() : null;
    if (stated != null && topic != null && !stated.equals(topic)) {
      throw new BpmnShapeException(task.getId(), ACTION_TYPE_ID + " is " + stated + " but the external task's topic "
          + "is " + topic + "; they must be the same action type");
    }
    String text = stated != null ? stated : topic;
    if (text == null || text.isBlank()) {
      throw new BpmnShapeException(task.getId(), "no action template applied: a task inside a stage is an action "
          + "and needs its action type (" + ACTION_TYPE_ID + ", set by the Flowline element templates)");
    }
    String[] parts = text.split("/", -1);
    if (parts.length != 4 || Arrays.stream(parts).anyMatch(String::isBlank)) {
      throw new BpmnShapeException(task.getId(), ACTION_TYPE_ID + " '" + text + "' is not Category/Owner/Provider/"
          + "Version (for example Build/AWS/CodeBuild/1)");
    }
    ActionTypeId type = ActionTypeId.of(parts[0], parts[1], parts[2], parts[3]);
    boolean approval = PipelinePlanner.isManualApproval(type);
    if (task instanceof UserTask && !approval) {
      throw new BpmnShapeException(task.getId(), "a user task is a manual approval (Approval/AWS/Manual/1), not "
          + text + "; use a service task for it");
    }
    return type;
  }

  private void checkAgainstCatalog(Activity task, ActionDeclaration action) {
    if (catalog == null) {
      return;
    }
    Optional<ActionTypeSpec> spec = catalog.find(action.actionTypeId());
    if (spec.isEmpty()) {
      throw new BpmnShapeException(task.getId(), "unknown action type " + action.actionTypeId()
          + ": this Flowline has no executor for it (see ListActionTypes, or the templates in bpmn-templates/)");
    }
    for (ActionTypeSpec.ConfigurationProperty key : spec.get().configurationProperties()) {
      if (key.required() && !key.secret() && !action.configurationOrEmpty().containsKey(key.name())) {
        throw new BpmnShapeException(task.getId(), "the configuration key " + key.name() + " is required by "
            + action.actionTypeId() + " (property " + CONFIG_PREFIX + key.name() + ")");
      }
    }
  }
}

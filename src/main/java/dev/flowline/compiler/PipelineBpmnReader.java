package dev.flowline.compiler;

import static dev.flowline.compiler.BpmnContract.*;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineFormatException;
import dev.flowline.pipeline.StageDeclaration;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.ParallelGateway;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.Task;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.xml.ModelException;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * Reads a pipeline declaration back from BPMN (Camunda's Model API only). It accepts both shapes of
 * docs/mapping.md: the compiled shape (gates, wait events and failure paths are recognised and skipped) and
 * the design shape a person draws in the Modeler (start, stage sub-processes in sequence, end; inside a stage
 * tasks in sequence or between a parallel fork and join). The members come from the {@code flowline.*}
 * camunda:properties of {@link BpmnContract}; runOrder from the flow where a task does not state it.
 *
 * <p>Anything else is refused with a {@link BpmnShapeException} naming the element. Thread-safe.
 */
public final class PipelineBpmnReader {

  private static final Set<String> PIPELINE_PROPERTIES = Set.of(PIPELINE_NAME, PIPELINE_ROLE_ARN, PIPELINE_TYPE,
      PIPELINE_EXECUTION_MODE, PIPELINE_ARTIFACT_STORE, PIPELINE_ARTIFACT_STORES, PIPELINE_VARIABLES,
      PIPELINE_TRIGGERS);
  private static final Set<String> STAGE_PROPERTIES = Set.of(STAGE_NAME, STAGE_ON_FAILURE, STAGE_ON_SUCCESS,
      STAGE_BEFORE_ENTRY, STAGE_BLOCKERS);
  private static final Set<String> ACTION_PROPERTIES = Set.of(ACTION_NAME, ACTION_TYPE_ID, ACTION_RUN_ORDER,
      ACTION_POSITION, ACTION_INPUT_ARTIFACTS, ACTION_OUTPUT_ARTIFACTS, ACTION_NAMESPACE, ACTION_REGION, ACTION_ROLE_ARN,
      ACTION_TIMEOUT_IN_MINUTES, ACTION_COMMANDS, ACTION_OUTPUT_VARIABLES, ACTION_ENVIRONMENT_VARIABLES,
      ACTION_CONFIGURATION);

  private final ActionTypeCatalog catalog;

  /** A reader that accepts any well-formed action type (validation decides later). */
  public PipelineBpmnReader() {
    this.catalog = null;
  }

  /** A reader that refuses action types {@code catalog} does not have, and missing required configuration. */
  public PipelineBpmnReader(ActionTypeCatalog catalog) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
  }

  /** Parses BPMN XML. */
  public static BpmnModelInstance parse(byte[] xml) {
    try {
      return Bpmn.readModelFromStream(new ByteArrayInputStream(xml));
    } catch (ModelException e) {
      throw new BpmnShapeException(null, "Malformed BPMN XML: " + rootMessage(e));
    }
  }

  /** The pipeline declared by a BPMN document (without {@code version}: that is Flowline's, not the file's). */
  public PipelineDeclaration read(String xml) {
    return read(parse(xml.getBytes(StandardCharsets.UTF_8)));
  }

  public PipelineDeclaration read(InputStream xml) {
    try {
      return read(xml.readAllBytes());
    } catch (IOException e) {
      throw new BpmnShapeException(null, "The BPMN could not be read: " + e.getMessage());
    }
  }

  public PipelineDeclaration read(byte[] xml) {
    return read(parse(xml));
  }

  /**
   * The pipeline of a document holding exactly one pipeline process.
   *
   * @throws BpmnShapeException when the document holds no pipeline or several, or the pipeline is not one
   */
  public PipelineDeclaration read(BpmnModelInstance model) {
    List<Process> pipelines = pipelineProcesses(model);
    if (pipelines.isEmpty()) {
      throw new BpmnShapeException(null, "The BPMN holds no Flowline pipeline: a pipeline is a process whose id "
          + "starts with " + PROCESS_KEY_PREFIX + " or that carries " + PIPELINE_PREFIX + "* properties");
    }
    if (pipelines.size() > 1) {
      throw new BpmnShapeException(pipelines.get(1).getId(), "one BPMN file holds one pipeline, this one holds "
          + pipelines.size());
    }
    for (Process other : model.getModelElementsByType(Process.class)) {
      if (other != pipelines.get(0)) {
        throw new BpmnShapeException(other.getId(), "a BPMN file with a pipeline holds that pipeline and nothing "
            + "else; deploy other processes on their own");
      }
    }
    return read(pipelines.get(0));
  }

  /** The processes of {@code model} that are Flowline pipelines, by the contract's marker. */
  public static List<Process> pipelineProcesses(BpmnModelInstance model) {
    return model.getModelElementsByType(Process.class).stream().filter(PipelineBpmnReader::isPipeline).toList();
  }

  /** A pipeline process: its id starts with {@code Pipeline_}, or it carries any {@code flowline.pipeline.*} property. */
  public static boolean isPipeline(Process process) {
    if (isPipelineKey(process.getId())) {
      return true;
    }
    return process.getExtensionElements() != null && process.getExtensionElements()
        .getChildElementsByType(CamundaProperties.class).stream()
        .flatMap(p -> p.getCamundaProperties().stream())
        .anyMatch(p -> p.getCamundaName() != null && p.getCamundaName().startsWith(PIPELINE_PREFIX));
  }

  private PipelineDeclaration read(Process process) {
    ElementProperties props = ElementProperties.of(process, PIPELINE_PROPERTIES, null);
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", name(process, props, PIPELINE_NAME, "pipeline"));
    props.putString(node, "roleArn", PIPELINE_ROLE_ARN);
    props.putJson(node, "artifactStore", PIPELINE_ARTIFACT_STORE);
    props.putJson(node, "artifactStores", PIPELINE_ARTIFACT_STORES);
    props.putString(node, "executionMode", PIPELINE_EXECUTION_MODE);
    props.putString(node, "pipelineType", PIPELINE_TYPE);
    props.putJson(node, "variables", PIPELINE_VARIABLES);
    props.putJson(node, "triggers", PIPELINE_TRIGGERS);
    PipelineDeclaration pipeline = convert(node, PipelineDeclaration.class, "pipeline", process);
    List<StageDeclaration> stages = new ArrayList<>();
    for (SubProcess stage : stagesInOrder(process)) {
      stages.add(stage(stage));
    }
    return new PipelineDeclaration(pipeline.name(), pipeline.roleArn(), pipeline.artifactStore(),
        pipeline.artifactStores(), List.copyOf(stages), null, pipeline.executionMode(), pipeline.pipelineType(),
        pipeline.variables(), pipeline.triggers());
  }

  // ---- the main line: start -> (gate [-> wait]) -> stage -> ... -> end

  private static List<SubProcess> stagesInOrder(Process process) {
    List<StartEvent> starts = process.getChildElementsByType(StartEvent.class).stream().toList();
    if (starts.size() != 1) {
      throw new BpmnShapeException(process.getId(), "a pipeline has one start event, this process has "
          + starts.size());
    }
    List<SubProcess> stages = new ArrayList<>();
    Set<FlowNode> visited = new HashSet<>();
    FlowNode node = starts.get(0);
    visited.add(node);
    while (!(node instanceof EndEvent)) {
      FlowNode next = nextOnMainLine(node);
      if (!visited.add(next)) {
        throw new BpmnShapeException(next.getId(), "the flow from " + node.getId() + " loops back here; a pipeline "
            + "runs its stages once, one after another");
      }
      if (next instanceof SubProcess stage) {
        if (stage.triggeredByEvent()) {
          throw new BpmnShapeException(stage.getId(), "an event sub-process is not a stage");
        }
        stages.add(stage);
      } else if (!(next instanceof EndEvent) && !(next instanceof ExclusiveGateway)) {
        throw new BpmnShapeException(next.getId(), "a " + next.getElementType().getTypeName()
            + " between stages is not part of a pipeline: stages (expanded sub-processes) follow each other from "
            + "the start event to the end event" + (next instanceof Task ? "; put the task inside a stage" : ""));
      }
      node = next;
    }
    if (!node.getOutgoing().isEmpty()) {
      throw new BpmnShapeException(node.getId(), "an end event has no outgoing flow");
    }
    for (FlowElement element : process.getChildElementsByType(FlowElement.class)) {
      if (element instanceof Activity activity && !visited.contains(activity)) {
        throw new BpmnShapeException(activity.getId(), activity instanceof SubProcess
            ? "this stage is not on the path from the start event to the end event"
            : "a task outside a stage: every action belongs to a stage (an expanded sub-process)");
      }
    }
    return stages;
  }

  /**
   * The node after {@code node} on the main line. One outgoing flow, except the compiled gate in front of a
   * stage: an exclusive gateway whose two ways (straight in, or through a message wait) meet at the same stage.
   */
  private static FlowNode nextOnMainLine(FlowNode node) {
    List<SequenceFlow> outgoing = List.copyOf(node.getOutgoing());
    if (node instanceof ExclusiveGateway gate) {
      Set<FlowNode> stages = new LinkedHashSet<>();
      for (SequenceFlow flow : outgoing) {
        FlowNode target = flow.getTarget();
        if (target instanceof IntermediateCatchEvent wait
            && !wait.getChildElementsByType(MessageEventDefinition.class).isEmpty()
            && wait.getOutgoing().size() == 1) {
          target = wait.getOutgoing().iterator().next().getTarget();
        }
        stages.add(target);
      }
      if (stages.size() != 1 || !(stages.iterator().next() instanceof SubProcess)) {
        throw new BpmnShapeException(gate.getId(), "an exclusive gateway between stages is not part of a pipeline "
            + "(only the gate Flowline compiles in front of a stage, whose ways all lead into that stage); "
            + "stages follow each other and always run");
      }
      return stages.iterator().next();
    }
    if (outgoing.size() != 1) {
      throw new BpmnShapeException(node.getId(), outgoing.isEmpty()
          ? "the flow stops here: connect it to the next stage or to the end event"
          : outgoing.size() + " outgoing flows: stages run one after another (group parallel actions inside a "
              + "stage, between a parallel fork and join)");
    }
    return outgoing.get(0).getTarget();
  }

  // ---- a stage: start -> task | fork (task ...) join -> ... -> end

  private StageDeclaration stage(SubProcess subProcess) {
    ElementProperties props = ElementProperties.of(subProcess, STAGE_PROPERTIES, null);
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", name(subProcess, props, STAGE_NAME, "stage"));
    props.putJson(node, "blockers", STAGE_BLOCKERS);
    props.putJson(node, "onFailure", STAGE_ON_FAILURE);
    props.putJson(node, "onSuccess", STAGE_ON_SUCCESS);
    props.putJson(node, "beforeEntry", STAGE_BEFORE_ENTRY);
    StageDeclaration stage = convert(node, StageDeclaration.class, "stage", subProcess);
    List<ActionDeclaration> actions = actions(subProcess);
    return new StageDeclaration(stage.name(), stage.blockers(), actions, stage.onFailure(), stage.onSuccess(),
        stage.beforeEntry());
  }

  private List<ActionDeclaration> actions(SubProcess stage) {
    List<StartEvent> starts = stage.getChildElementsByType(StartEvent.class).stream().toList();
    if (starts.size() != 1) {
      throw new BpmnShapeException(stage.getId(), "a stage has one start event, this one has " + starts.size());
    }
    List<List<Activity>> groups = new ArrayList<>();
    Set<FlowNode> visited = new HashSet<>();
    FlowNode node = starts.get(0);
    visited.add(node);
    while (!(node instanceof EndEvent)) {
      FlowNode next = single(node);
      if (!visited.add(next)) {
        throw new BpmnShapeException(next.getId(), "the flow from " + node.getId() + " loops back here; the actions "
            + "of a stage run once, group after group");
      }
      if (next instanceof ParallelGateway fork) {
        List<Activity> group = new ArrayList<>();
        next = join(fork, group, visited);
        groups.add(group);
      } else if (next instanceof SubProcess nested) {
        throw new BpmnShapeException(nested.getId(), "a sub-process inside a stage is not part of a pipeline; "
            + "stages are not nested");
      } else if (next instanceof Task task) {
        groups.add(List.of(task));
      } else if (next instanceof Gateway gateway) {
        throw new BpmnShapeException(gateway.getId(), "a " + gateway.getElementType().getTypeName()
            + " is not part of a pipeline: actions run in sequence or, sharing a runOrder, between a parallel "
            + "fork and join");
      } else if (!(next instanceof EndEvent)) {
        throw new BpmnShapeException(next.getId(), "a " + next.getElementType().getTypeName()
            + " inside a stage is not part of a pipeline: a stage holds tasks in sequence or between a parallel "
            + "fork and join");
      }
      node = next;
    }
    for (Activity activity : stage.getChildElementsByType(Activity.class)) {
      if (!visited.contains(activity)) {
        throw new BpmnShapeException(activity.getId(), "this task is not on the path from the stage's start event "
            + "to its end event");
      }
    }
    return withRunOrders(stage, groups);
  }

  private static FlowNode single(FlowNode node) {
    List<SequenceFlow> outgoing = List.copyOf(node.getOutgoing());
    if (outgoing.size() != 1) {
      throw new BpmnShapeException(node.getId(), outgoing.isEmpty()
          ? "the flow stops here: connect it to the next task or to the stage's end event"
          : outgoing.size() + " outgoing flows: actions that run together go between a parallel fork and join");
    }
    return outgoing.get(0).getTarget();
  }

  /** The tasks between {@code fork} and its join (into {@code group}); returns the join. */
  private static FlowNode join(ParallelGateway fork, List<Activity> group, Set<FlowNode> visited) {
    List<SequenceFlow> branches = List.copyOf(fork.getOutgoing());
    if (branches.size() < 2) {
      throw new BpmnShapeException(fork.getId(), "a parallel fork needs two or more branches, one task each");
    }
    FlowNode join = null;
    for (SequenceFlow branch : branches) {
      if (!(branch.getTarget() instanceof Task task)) {
        throw new BpmnShapeException(branch.getTarget().getId(), "each branch of the fork " + fork.getId()
            + " is one task that goes straight to the join (a fork/join pair groups actions of one runOrder)");
      }
      if (!visited.add(task)) {
        throw new BpmnShapeException(task.getId(), "reached twice from the fork " + fork.getId());
      }
      FlowNode after = single(task);
      if (!(after instanceof ParallelGateway) || join != null && after != join) {
        throw new BpmnShapeException(after.getId(), "the gateway " + fork.getId() + " is not a fork/join pair: "
            + "every branch must end at the same parallel join");
      }
      join = after;
      group.add(task);
    }
    if (join.getIncoming().size() != branches.size()) {
      throw new BpmnShapeException(join.getId(), "the join of " + fork.getId() + " has " + join.getIncoming().size()
          + " incoming flows but the fork has " + branches.size() + " branches");
    }
    if (!visited.add(join)) {
      throw new BpmnShapeException(join.getId(), "loops back to a join already passed");
    }
    return join;
  }

  /**
   * Each group is one runOrder. A task that states its runOrder keeps it, provided the tasks of a group agree
   * and the groups increase; one that does not gets the group's (after the previous group's), left unset for
   * runOrder 1, CodePipeline's default.
   */
  private List<ActionDeclaration> withRunOrders(SubProcess stage, List<List<Activity>> groups) {
    List<ActionDeclaration> actions = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    int previous = 0;
    for (List<Activity> group : groups) {
      List<ActionDeclaration> read = group.stream().map(this::action).toList();
      group.forEach(task -> positions.add(position(task)));
      Integer stated = null;
      for (int i = 0; i < read.size(); i++) {
        Integer runOrder = read.get(i).runOrder();
        if (runOrder != null && stated != null && !runOrder.equals(stated)) {
          throw new BpmnShapeException(group.get(i).getId(), ACTION_RUN_ORDER + " is " + runOrder + " but "
              + group.get(0).getId() + " in the same fork/join group says " + stated);
        }
        stated = runOrder != null ? runOrder : stated;
      }
      int runOrder = stated != null ? stated : previous + 1;
      if (runOrder <= previous) {
        throw new BpmnShapeException(group.get(0).getId(), ACTION_RUN_ORDER + " " + runOrder + " does not follow "
            + "the runOrder " + previous + " of the actions before it; runOrder increases along the flow");
      }
      for (ActionDeclaration action : read) {
        actions.add(action.runOrder() != null || runOrder == 1 ? action : withRunOrder(action, runOrder));
      }
      previous = runOrder;
    }
    return List.copyOf(inDeclaredOrder(actions, positions));
  }

  private static Integer position(Activity task) {
    ElementProperties props = ElementProperties.of(task, ACTION_PROPERTIES, CONFIG_PREFIX);
    return props.has(ACTION_POSITION) ? props.integer(ACTION_POSITION).intValue() : null;
  }

  /** The stage's declared order, when every action carries a distinct position; the flow's order otherwise. */
  private static List<ActionDeclaration> inDeclaredOrder(List<ActionDeclaration> actions, List<Integer> positions) {
    if (positions.contains(null) || new HashSet<>(positions).size() != positions.size()) {
      return actions;
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing(positions::get));
    return order.stream().map(actions::get).toList();
  }

  private static ActionDeclaration withRunOrder(ActionDeclaration a, int runOrder) {
    return new ActionDeclaration(a.name(), a.actionTypeId(), runOrder, a.configuration(), a.commands(),
        a.outputArtifacts(), a.inputArtifacts(), a.outputVariables(), a.roleArn(), a.region(), a.namespace(),
        a.timeoutInMinutes(), a.environmentVariables());
  }

  // ---- an action

  private ActionDeclaration action(Activity task) {
    ElementProperties props = ElementProperties.of(task, ACTION_PROPERTIES, CONFIG_PREFIX);
    ActionTypeId type = actionType(task, props);
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", name(task, props, ACTION_NAME, "action"));
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
    ActionDeclaration action = convert(node, ActionDeclaration.class, "action", task);
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

  // ---- shared

  /** The element's name attribute, or the {@code flowline.*.name} property; both present must agree. */
  private static String name(BaseElement element, ElementProperties props, String property, String what) {
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

  private static <T> T convert(ObjectNode node, Class<T> type, String what, ModelElementInstance element) {
    try {
      return PipelineCodec.convert(node, type, what);
    } catch (PipelineFormatException e) {
      throw new BpmnShapeException(((BaseElement) element).getId(), e.getMessage());
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

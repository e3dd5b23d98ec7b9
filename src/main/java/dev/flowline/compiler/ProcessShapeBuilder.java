package dev.flowline.compiler;

import dev.flowline.compiler.PipelinePlan.ActionPlan;
import dev.flowline.compiler.PipelinePlan.GroupPlan;
import dev.flowline.compiler.PipelinePlan.StagePlan;
import dev.flowline.pipeline.ActionDeclaration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.ConditionExpression;
import org.camunda.bpm.model.bpmn.instance.Definitions;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition;
import org.camunda.bpm.model.bpmn.instance.EventDefinition;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.Message;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.ParallelGateway;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.ServiceTask;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.Task;
import org.camunda.bpm.model.bpmn.instance.TimeDuration;
import org.camunda.bpm.model.bpmn.instance.TimerEventDefinition;
import org.camunda.bpm.model.bpmn.instance.UserTask;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaConstraint;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFormData;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaFormField;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaValidation;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaValue;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * Writes the process of a {@link PipelinePlan} with the Model API's element factory. The fluent builder
 * is not used: it invents UUID ids, sets name = id and lays out a diagram that {@link DiagramLayout}
 * would replace anyway. No DI is written here.
 */
final class ProcessShapeBuilder {

  private static final String ACTION_FAILED = BpmnContract.ACTION_FAILED;

  private final CompilerOptions options;
  private final ElementIds ids;
  private final SecretKeys secretKeys;
  private final BpmnModelInstance model = Bpmn.createEmptyModel();
  private Definitions definitions;
  private org.camunda.bpm.model.bpmn.instance.Error actionFailed;

  ProcessShapeBuilder(CompilerOptions options, ElementIds ids, SecretKeys secretKeys) {
    this.options = options;
    this.ids = ids;
    this.secretKeys = secretKeys;
  }

  BpmnModelInstance build(PipelinePlan plan) {
    definitions = model.newInstance(Definitions.class, ids.claim(BpmnContract.DEFINITIONS_PREFIX + plan.processKey()));
    definitions.setTargetNamespace("http://bpmn.io/schema/bpmn");
    definitions.getDomElement().registerNamespace("camunda", BpmnContract.CAMUNDA_NS);
    model.setDefinitions(definitions);
    Process process = model.newInstance(Process.class, ids.claim(plan.processKey()));
    process.setName(plan.pipelineName());
    process.setExecutable(true);
    process.setCamundaHistoryTimeToLiveString(options.historyTimeToLive());
    properties(process, DeclarationProperties.pipeline(plan.declaration()));
    definitions.addChildElement(process);
    actionFailed = model.newInstance(org.camunda.bpm.model.bpmn.instance.Error.class,
        ids.claim(BpmnContract.ERROR_ID_PREFIX + ACTION_FAILED));
    actionFailed.setName("Action failed");
    actionFailed.setErrorCode(ACTION_FAILED);
    definitions.addChildElement(actionFailed);

    List<Runnable> flows = new ArrayList<>();
    FlowNode previous = node(process, StartEvent.class, plan.startId(), "Started");
    for (StagePlan stage : plan.stages()) {
      previous = stage(process, stage, previous, flows);
    }
    FlowNode end = node(process, EndEvent.class, plan.endId(), "Succeeded");
    FlowNode last = previous;
    flows.add(() -> flow(process, last, end));
    flows.forEach(Runnable::run);
    return model;
  }

  /** Gate, wait event, the stage and its failure path; returns the stage, where the main line goes on. */
  private FlowNode stage(Process process, StagePlan stage, FlowNode previous, List<Runnable> flows) {
    String name = stage.name();
    ExclusiveGateway gate = node(process, ExclusiveGateway.class, stage.gateId(), "Enter " + name + "?");
    IntermediateCatchEvent wait = node(process, IntermediateCatchEvent.class, stage.waitId(), "Waiting for " + name);
    Message admit = model.newInstance(Message.class, stage.messageId());
    admit.setName(BpmnContract.admitMessage(name));
    definitions.addChildElement(admit);
    MessageEventDefinition admitted = definition(wait, MessageEventDefinition.class);
    admitted.setMessage(admit);
    // A waiter is admitted inside the transaction of whoever released the stage, and enters the stage right
    // there, as an execution the gate lets straight in does: the stage's first action is async before, so
    // nothing of the waiter runs in that transaction but the stage's start (its record). A stage with entry
    // conditions is the exception: they are the waiter's own and can fail it, so async after the wait it
    // enters in a job of its own, where a failure is its own.
    if (!stage.declaration().entryConditionsOrEmpty().isEmpty()) {
      wait.setCamundaAsyncAfter(true);
    }

    SubProcess subProcess = node(process, SubProcess.class, stage.stageId(), name);
    properties(subProcess, DeclarationProperties.stage(stage.declaration()));
    stageContent(subProcess, stage);

    BoundaryEvent failed = node(process, BoundaryEvent.class, stage.failedId(), "Stage failed");
    failed.setAttachedTo(subProcess);
    definition(failed, ErrorEventDefinition.class).setError(actionFailed);
    EndEvent endFailed = node(process, EndEvent.class, stage.endFailedId(), "Failed");

    flows.add(() -> {
      flow(process, previous, gate);
      SequenceFlow enter = flow(process, ids.claim(BpmnContract.FLOW_PREFIX + gate.getId() + "_Enter"), gate, subProcess, "yes");
      ConditionExpression admits = anonymous(model.newInstance(ConditionExpression.class));
      admits.setTextContent("${" + BpmnContract.STAGE_GATE_BEAN + ".admit(execution, '" + juelString(name) + "')}");
      enter.setConditionExpression(admits);
      gate.setDefault(flow(process, ids.claim(BpmnContract.FLOW_PREFIX + gate.getId() + "_Wait"), gate, wait, "wait"));
      flow(process, ids.claim(BpmnContract.FLOW_PREFIX + wait.getId()), wait, subProcess, null);
      flow(process, failed, endFailed);
    });
    return subProcess;
  }

  private void stageContent(SubProcess scope, StagePlan stage) {
    List<Runnable> flows = new ArrayList<>();
    List<Runnable> timeoutFlows = new ArrayList<>();
    Map<ActionDeclaration, Integer> positions = positions(stage);
    FlowNode previous = node(scope, StartEvent.class, stage.startId(), null);
    for (GroupPlan group : stage.groups()) {
      FlowNode from = previous;
      if (group.parallel()) {
        ParallelGateway fork = node(scope, ParallelGateway.class, group.forkId(), null);
        List<Task> tasks = group.actions().stream().map(a -> action(scope, positions, a, timeoutFlows)).toList();
        ParallelGateway join = node(scope, ParallelGateway.class, group.joinId(), null);
        flows.add(() -> {
          flow(scope, from, fork);
          tasks.forEach(task -> flow(scope, fork, task));
          tasks.forEach(task -> flow(scope, task, join));
        });
        previous = join;
      } else {
        Task task = action(scope, positions, group.actions().get(0), timeoutFlows);
        flows.add(() -> flow(scope, from, task));
        previous = task;
      }
    }
    EndEvent end = node(scope, EndEvent.class, stage.endId(), null);
    FlowNode last = previous;
    flows.add(() -> flow(scope, last, end));
    flows.forEach(Runnable::run);
    timeoutFlows.forEach(Runnable::run);
  }

  private Task action(SubProcess scope, Map<ActionDeclaration, Integer> positions, ActionPlan action,
      List<Runnable> timeoutFlows) {
    if (!action.approval()) {
      ServiceTask task = node(scope, ServiceTask.class, action.taskId(), action.name());
      task.setCamundaType(BpmnContract.EXTERNAL_TASK_TYPE);
      task.setCamundaTopic(action.declaration().actionTypeId().topic());
      task.setCamundaAsyncBefore(true);
      task.setCamundaAsyncAfter(true);
      properties(task, actionProperties(positions, action));
      return task;
    }
    UserTask task = node(scope, UserTask.class, action.taskId(), action.name());
    task.setCamundaCandidateGroups(options.approverGroup());
    task.setCamundaAsyncBefore(true);
    task.setCamundaAsyncAfter(true);
    approvalForm(task);
    properties(task, actionProperties(positions, action));
    BoundaryEvent timeout = node(scope, BoundaryEvent.class, action.timeoutId(), null);
    timeout.setAttachedTo(task);
    TimeDuration duration = anonymous(model.newInstance(TimeDuration.class));
    Integer minutes = action.declaration().timeoutInMinutes();
    duration.setTextContent(minutes == null ? BpmnContract.DEFAULT_APPROVAL_TIMEOUT : "PT" + minutes + "M");
    definition(timeout, TimerEventDefinition.class).setTimeDuration(duration);
    EndEvent timedOut = node(scope, EndEvent.class, action.timedOutId(), "Timed out");
    definition(timedOut, ErrorEventDefinition.class).setError(actionFailed);
    timeoutFlows.add(() -> flow(scope, timeout, timedOut));
    // A rejection throws ActionFailed as the task completes (engine/ActionLifecycle); this boundary catches it
    // first, in the same transaction, and its end throws it on to the stage's boundary: the stage fails exactly
    // as before, and the diagram and the history show the path the execution took.
    BoundaryEvent rejection = node(scope, BoundaryEvent.class, action.rejectionId(), null);
    rejection.setAttachedTo(task);
    definition(rejection, ErrorEventDefinition.class).setError(actionFailed);
    EndEvent rejected = node(scope, EndEvent.class, action.rejectedId(), "Rejected");
    definition(rejected, ErrorEventDefinition.class).setError(actionFailed);
    timeoutFlows.add(() -> flow(scope, rejection, rejected));
    return task;
  }

  private Map<String, String> actionProperties(Map<ActionDeclaration, Integer> positions, ActionPlan action) {
    ActionDeclaration declaration = action.declaration();
    return DeclarationProperties.action(declaration, positions.get(declaration),
        secretKeys.of(declaration.actionTypeId()));
  }

  /**
   * The index of each action in its stage, for a stage that lists its actions out of runOrder order (empty
   * otherwise): the flow alone would read them back sorted by runOrder.
   */
  private static Map<ActionDeclaration, Integer> positions(StagePlan stage) {
    List<ActionDeclaration> declared = stage.declaration().actionsOrEmpty();
    List<ActionDeclaration> inFlow = stage.groups().stream().flatMap(g -> g.actions().stream())
        .map(ActionPlan::declaration).toList();
    Map<ActionDeclaration, Integer> positions = new IdentityHashMap<>();
    for (int i = 0; i < declared.size() && !declared.equals(inFlow); i++) {
      positions.put(declared.get(i), i);
    }
    return positions;
  }

  /** The declaration's members as camunda:properties, which the Modeler's properties panel shows and edits. */
  private void properties(BaseElement element, Map<String, String> values) {
    if (values.isEmpty()) {
      return;
    }
    ExtensionElements extensions = element.getExtensionElements();
    if (extensions == null) {
      extensions = model.newInstance(ExtensionElements.class);
      element.setExtensionElements(extensions);
    }
    CamundaProperties properties = model.newInstance(CamundaProperties.class);
    extensions.addChildElement(properties);
    values.forEach((name, value) -> {
      CamundaProperty property = model.newInstance(CamundaProperty.class);
      property.setCamundaName(name);
      property.setCamundaValue(value);
      ProcessShapeBuilder.append(properties, property);
    });
  }

  /** Camunda Tasklist renders these fields as the approval form (CodePipeline's approval request). */
  private void approvalForm(UserTask task) {
    ExtensionElements extensions = model.newInstance(ExtensionElements.class);
    task.setExtensionElements(extensions);
    CamundaFormData form = model.newInstance(CamundaFormData.class);
    extensions.addChildElement(form);
    form.addChildElement(formField("approvalCustomData", "Custom data", "string", true));
    form.addChildElement(formField("approvalLink", "External entity link", "string", true));
    form.addChildElement(decisionField());
    form.addChildElement(formField("approvalSummary", "Summary", "string", false));
  }

  /**
   * The approval's decision: an explicit, required choice (Tasklist shows a select with no preselected value and
   * refuses to complete the form without one), instead of a checkbox whose unticked default rejected.
   */
  private CamundaFormField decisionField() {
    CamundaFormField field = model.newInstance(CamundaFormField.class);
    field.setCamundaId("decision");
    field.setCamundaLabel("Decision");
    field.setCamundaType("enum");
    for (String[] value : new String[][] {{"Approve", "Approve"}, {"Reject", "Reject"}}) {
      CamundaValue option = model.newInstance(CamundaValue.class);
      option.setCamundaId(value[0]);
      option.setCamundaName(value[1]);
      field.addChildElement(option);
    }
    CamundaValidation validation = model.newInstance(CamundaValidation.class);
    CamundaConstraint constraint = model.newInstance(CamundaConstraint.class);
    constraint.setCamundaName("required");
    validation.addChildElement(constraint);
    field.setCamundaValidation(validation);
    return field;
  }

  private CamundaFormField formField(String id, String label, String type, boolean readonly) {
    CamundaFormField field = model.newInstance(CamundaFormField.class);
    field.setCamundaId(id);
    field.setCamundaLabel(label);
    field.setCamundaType(type);
    if (readonly) {
      CamundaValidation validation = model.newInstance(CamundaValidation.class);
      CamundaConstraint constraint = model.newInstance(CamundaConstraint.class);
      constraint.setCamundaName("readonly");
      validation.addChildElement(constraint);
      field.setCamundaValidation(validation);
    }
    return field;
  }

  private <T extends FlowNode> T node(ModelElementInstance scope, Class<T> type, String id, String name) {
    T node = model.newInstance(type, id);
    if (name != null) {
      node.setName(name);
    }
    append(scope, node);
    return node;
  }

  private <T extends EventDefinition> T definition(org.camunda.bpm.model.bpmn.instance.Event event, Class<T> type) {
    T definition = anonymous(model.newInstance(type));
    event.addChildElement(definition);
    return definition;
  }

  private SequenceFlow flow(ModelElementInstance scope, FlowNode from, FlowNode to) {
    return flow(scope, ids.claim(BpmnContract.FLOW_PREFIX + from.getId() + "_" + to.getId()), from, to, null);
  }

  private SequenceFlow flow(ModelElementInstance scope, String id, FlowNode from, FlowNode to, String name) {
    SequenceFlow flow = model.newInstance(SequenceFlow.class, id);
    if (name != null) {
      flow.setName(name);
    }
    append(scope, flow);
    flow.setSource(from);
    flow.setTarget(to);
    from.getOutgoing().add(flow);
    to.getIncoming().add(flow);
    return flow;
  }

  /**
   * Adds {@code child} as the last child of {@code parent}, which must be where the schema wants it.
   * {@code addChildElement} finds the schema position by scanning every child, which made adding
   * thousands of flow elements or DI elements quadratic.
   */
  static void append(ModelElementInstance parent, ModelElementInstance child) {
    parent.getDomElement().appendChild(child.getDomElement());
  }

  /**
   * Event definitions and expressions need no id; the factory gives them a random one. Removed on the
   * DOM: the model's removeAttribute would search the whole document for references to it.
   */
  static <T extends ModelElementInstance> T anonymous(T element) {
    element.getDomElement().removeAttribute("id");
    return element;
  }

  private static String juelString(String s) {
    return s.replace("\\", "\\\\").replace("'", "\\'");
  }
}

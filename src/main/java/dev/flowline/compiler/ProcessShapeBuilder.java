package dev.flowline.compiler;

import dev.flowline.compiler.PipelinePlan.ActionPlan;
import dev.flowline.compiler.PipelinePlan.GroupPlan;
import dev.flowline.compiler.PipelinePlan.StagePlan;
import java.util.ArrayList;
import java.util.List;
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

  static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";
  static final String ACTION_FAILED = "ActionFailed";
  static final String STAGE_GATE_BEAN = "flowlineStageGate";
  static final String ADMIT_MESSAGE_PREFIX = "flowline.admit.";
  static final String DEFAULT_APPROVAL_TIMEOUT = "P7D";

  private final CompilerOptions options;
  private final ElementIds ids;
  private final BpmnModelInstance model = Bpmn.createEmptyModel();
  private Definitions definitions;
  private org.camunda.bpm.model.bpmn.instance.Error actionFailed;

  ProcessShapeBuilder(CompilerOptions options, ElementIds ids) {
    this.options = options;
    this.ids = ids;
  }

  BpmnModelInstance build(PipelinePlan plan) {
    definitions = model.newInstance(Definitions.class, ids.claim("Definitions_" + plan.processKey()));
    definitions.setTargetNamespace("http://bpmn.io/schema/bpmn");
    definitions.getDomElement().registerNamespace("camunda", CAMUNDA_NS);
    model.setDefinitions(definitions);
    Process process = model.newInstance(Process.class, ids.claim(plan.processKey()));
    process.setName(plan.pipelineName());
    process.setExecutable(true);
    process.setCamundaHistoryTimeToLiveString(options.historyTimeToLive());
    definitions.addChildElement(process);
    actionFailed = model.newInstance(org.camunda.bpm.model.bpmn.instance.Error.class,
        ids.claim("Error_" + ACTION_FAILED));
    actionFailed.setName("Action failed");
    actionFailed.setErrorCode(ACTION_FAILED);
    definitions.addChildElement(actionFailed);

    List<Runnable> flows = new ArrayList<>();
    FlowNode previous = node(process, StartEvent.class, plan.startId(), "Execution started");
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
    admit.setName(ADMIT_MESSAGE_PREFIX + name);
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
    stageContent(subProcess, stage);

    BoundaryEvent failed = node(process, BoundaryEvent.class, stage.failedId(), "Stage failed");
    failed.setAttachedTo(subProcess);
    definition(failed, ErrorEventDefinition.class).setError(actionFailed);
    EndEvent endFailed = node(process, EndEvent.class, stage.endFailedId(), "Failed");

    flows.add(() -> {
      flow(process, previous, gate);
      SequenceFlow enter = flow(process, ids.claim("Flow_" + gate.getId() + "_Enter"), gate, subProcess, "yes");
      ConditionExpression admits = anonymous(model.newInstance(ConditionExpression.class));
      admits.setTextContent("${" + STAGE_GATE_BEAN + ".admit(execution, '" + juelString(name) + "')}");
      enter.setConditionExpression(admits);
      gate.setDefault(flow(process, ids.claim("Flow_" + gate.getId() + "_Wait"), gate, wait, "wait"));
      flow(process, ids.claim("Flow_" + wait.getId()), wait, subProcess, null);
      flow(process, failed, endFailed);
    });
    return subProcess;
  }

  private void stageContent(SubProcess scope, StagePlan stage) {
    List<Runnable> flows = new ArrayList<>();
    List<Runnable> timeoutFlows = new ArrayList<>();
    FlowNode previous = node(scope, StartEvent.class, stage.startId(), null);
    for (GroupPlan group : stage.groups()) {
      FlowNode from = previous;
      if (group.parallel()) {
        ParallelGateway fork = node(scope, ParallelGateway.class, group.forkId(), null);
        List<Task> tasks = group.actions().stream().map(a -> action(scope, a, timeoutFlows)).toList();
        ParallelGateway join = node(scope, ParallelGateway.class, group.joinId(), null);
        flows.add(() -> {
          flow(scope, from, fork);
          tasks.forEach(task -> flow(scope, fork, task));
          tasks.forEach(task -> flow(scope, task, join));
        });
        previous = join;
      } else {
        Task task = action(scope, group.actions().get(0), timeoutFlows);
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

  private Task action(SubProcess scope, ActionPlan action, List<Runnable> timeoutFlows) {
    if (!action.approval()) {
      ServiceTask task = node(scope, ServiceTask.class, action.taskId(), action.name());
      task.setCamundaType("external");
      task.setCamundaTopic(action.declaration().actionTypeId().topic());
      task.setCamundaAsyncBefore(true);
      task.setCamundaAsyncAfter(true);
      return task;
    }
    UserTask task = node(scope, UserTask.class, action.taskId(), action.name());
    task.setCamundaCandidateGroups(options.approverGroup());
    task.setCamundaAsyncBefore(true);
    task.setCamundaAsyncAfter(true);
    approvalForm(task);
    BoundaryEvent timeout = node(scope, BoundaryEvent.class, action.timeoutId(), null);
    timeout.setAttachedTo(task);
    TimeDuration duration = anonymous(model.newInstance(TimeDuration.class));
    Integer minutes = action.declaration().timeoutInMinutes();
    duration.setTextContent(minutes == null ? DEFAULT_APPROVAL_TIMEOUT : "PT" + minutes + "M");
    definition(timeout, TimerEventDefinition.class).setTimeDuration(duration);
    EndEvent timedOut = node(scope, EndEvent.class, action.timedOutId(), "Timed out");
    definition(timedOut, ErrorEventDefinition.class).setError(actionFailed);
    timeoutFlows.add(() -> flow(scope, timeout, timedOut));
    return task;
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
    return flow(scope, ids.claim("Flow_" + from.getId() + "_" + to.getId()), from, to, null);
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

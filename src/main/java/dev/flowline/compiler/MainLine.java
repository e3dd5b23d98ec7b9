package dev.flowline.compiler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.IntermediateCatchEvent;
import org.camunda.bpm.model.bpmn.instance.MessageEventDefinition;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.Task;

/**
 * The main line of a pipeline process: start -> (gate [-> wait]) -> stage -> ... -> end. Returns the stages in
 * the order they run; anything else on or off the line is refused with a {@link BpmnShapeException}.
 */
final class MainLine {

  private MainLine() {}

  static List<SubProcess> stagesInOrder(Process process) {
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
}

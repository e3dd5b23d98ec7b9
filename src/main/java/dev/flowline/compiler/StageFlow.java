package dev.flowline.compiler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.EndEvent;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.ParallelGateway;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.StartEvent;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.Task;

/**
 * The flow inside a stage: start -> task | fork (task ...) join -> ... -> end. Returns the tasks in groups, one
 * group a runOrder, in the order of the flow; anything else is refused with a {@link BpmnShapeException}.
 */
final class StageFlow {

  private StageFlow() {}

  static List<List<Activity>> groups(SubProcess stage) {
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
    return groups;
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
}

package dev.flowline.compiler;

import static dev.flowline.compiler.BpmnContract.ACTION_POSITION;
import static dev.flowline.compiler.BpmnContract.ACTION_RUN_ORDER;
import static dev.flowline.compiler.BpmnContract.CONFIG_PREFIX;

import dev.flowline.pipeline.ActionDeclaration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.function.Function;
import org.camunda.bpm.model.bpmn.instance.Activity;

/** The runOrders of a stage's actions, from the groups of its flow and what the tasks state. */
final class RunOrders {

  private RunOrders() {}

  /**
   * Each group is one runOrder. A task that states its runOrder keeps it, provided the tasks of a group agree
   * and the groups increase; one that does not gets the group's (after the previous group's), left unset for
   * runOrder 1, CodePipeline's default.
   */
  static List<ActionDeclaration> assign(List<List<Activity>> groups, Function<Activity, ActionDeclaration> reader) {
    List<ActionDeclaration> actions = new ArrayList<>();
    List<Integer> positions = new ArrayList<>();
    int previous = 0;
    for (List<Activity> group : groups) {
      List<ActionDeclaration> read = group.stream().map(reader).toList();
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
    ElementProperties props = ElementProperties.of(task, ActionReader.PROPERTIES, CONFIG_PREFIX);
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
}

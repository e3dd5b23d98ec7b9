package dev.flowline.compiler;

import dev.flowline.compiler.EdgeRouter.Point;
import dev.flowline.compiler.PipelinePlan.StagePlan;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.ExclusiveGateway;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnDiagram;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnLabel;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnPlane;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;

/**
 * The diagram of a compiled pipeline, compact enough that Cockpit's fit-to-viewport keeps its labels readable
 * (docs/cockpit.md): stages left to right, top-aligned and of one height, with one main line through all of them;
 * above each stage, on one row, its gate and the wait event right of it, both entering the stage from above; the
 * failure boundary on the bottom edge of each stage and its end event below. Every shape gets bounds, every edge
 * orthogonal waypoints, every named event and gateway a label.
 */
final class DiagramLayout {

  static final int EVENT = 24;
  static final int GATEWAY = 32;
  static final int TASK_W = 80;
  static final int TASK_H = 44;

  static final int ORIGIN_X = 150;
  static final int ORIGIN_Y = 80;
  /** Room above a stage's content for its name. */
  static final int STAGE_PAD_TOP = 22;
  static final int STAGE_PAD_BOTTOM = 4;
  /** Between two stages (and between the start event and the first stage): an edge runs up to the next gate. */
  static final int STAGE_GAP = 20;
  /** A gate's centre right of its stage's left edge. */
  static final int GATE_INSET = 24;
  /** From a gate to its wait event, room for the edge's label "wait". */
  static final int GATE_TO_WAIT = 36;
  /** From the gate row down to the stages' top edge, room for the label "yes". */
  static final int GATE_DROP = 20;
  static final int END_LEAD = 20;
  /** The failure boundary's centre left of its stage's right edge. */
  static final int FAILED_INSET = 18;
  private static final int EDGE_LABEL_GAP = 5;

  private final BpmnModelInstance model;
  private final ElementIds ids;
  private final Map<String, Box> shapes = new LinkedHashMap<>();
  private final Map<String, Box> labels = new LinkedHashMap<>();
  /** The main line of each expanded sub-process, where edges enter and leave it. */
  private final Map<String, Integer> mainLines = new HashMap<>();

  DiagramLayout(BpmnModelInstance model, ElementIds ids) {
    this.model = model;
    this.ids = ids;
  }

  void apply(PipelinePlan plan) {
    place(plan);
    Process process = model.getModelElementById(plan.processKey());
    BpmnDiagram diagram = model.newInstance(BpmnDiagram.class, ids.claim("BPMNDiagram_" + plan.processKey()));
    BpmnPlane plane = model.newInstance(BpmnPlane.class, ids.claim("BPMNPlane_" + plan.processKey()));
    plane.setBpmnElement(process);
    diagram.setBpmnPlane(plane);
    model.getDefinitions().addChildElement(diagram);
    draw(plane, process.getFlowElements());
  }

  private void place(PipelinePlan plan) {
    List<StageLayout> contents = plan.stages().stream().map(s -> StageLayout.of(s, this::nameOf)).toList();
    // the labels of gates and waits stand above them, on one row
    int labelRow = plan.stages().stream().flatMap(s -> java.util.stream.Stream.of(s.gateId(), s.waitId()))
        .map(this::nameOf).filter(n -> n != null && !n.isBlank()).mapToInt(n -> LabelBox.size(n).height())
        .max().orElse(0);
    int gateY = ORIGIN_Y + labelRow + LabelBox.GAP;
    int gateCy = gateY + GATEWAY / 2;
    int top = gateY + GATEWAY + GATE_DROP;
    int mainY = top + STAGE_PAD_TOP + contents.stream().mapToInt(StageLayout::upper).max().orElse(0);
    int bottom = mainY + contents.stream().mapToInt(StageLayout::lower).max().orElse(0) + STAGE_PAD_BOTTOM;
    Box start = new Box(ORIGIN_X, mainY - EVENT / 2, EVENT, EVENT);
    // left of the first stage: the label ends where the stage begins
    place(plan.startId(), start, (shape, text) -> {
      Box size = LabelBox.size(text);
      return new Box(shape.right() + STAGE_GAP - LabelBox.GAP - size.width(), shape.bottom() + LabelBox.GAP,
          size.width(), size.height());
    });
    int x = start.right();
    for (int i = 0; i < contents.size(); i++) {
      StagePlan stage = plan.stages().get(i);
      StageLayout content = contents.get(i);
      Box box = new Box(x + STAGE_GAP, top, content.width(), bottom - top);
      Box gate = place(stage.gateId(), Box.centredOn(box.x() + GATE_INSET, gateCy, GATEWAY, GATEWAY),
          (shape, text) -> LabelBox.aboveLeft(shape, gateY, text));
      place(stage.waitId(), Box.centredOn(gate.right() + GATE_TO_WAIT + EVENT / 2, gateCy, EVENT, EVENT),
          (shape, text) -> LabelBox.above(shape, gateY, text));
      shapes.put(stage.stageId(), box);
      mainLines.put(stage.stageId(), mainY);
      content.shapes.forEach((id, b) -> shapes.put(id, b.shift(box.x(), mainY)));
      content.labels.forEach((id, b) -> labels.put(id, b.shift(box.x(), mainY)));
      Box failed = place(stage.failedId(), Box.centredOn(box.right() - FAILED_INSET, box.bottom(), EVENT, EVENT),
          LabelBox::rightOfLowerHalf);
      place(stage.endFailedId(), new Box(failed.x(), failed.bottom() + StageLayout.BOUNDARY_DROP, EVENT, EVENT),
          LabelBox::rightOf);
      x = box.right();
    }
    place(plan.endId(), new Box(x + END_LEAD, mainY - EVENT / 2, EVENT, EVENT), LabelBox::below);
  }

  private Box place(String id, Box shape, BiFunction<Box, String, Box> label) {
    shapes.put(id, shape);
    String name = nameOf(id);
    if (name != null && !name.isBlank()) {
      labels.put(id, label.apply(shape, name));
    }
    return shape;
  }

  private String nameOf(String id) {
    return model.<FlowElement>getModelElementById(id).getName();
  }

  private void draw(BpmnPlane plane, Collection<FlowElement> elements) {
    for (FlowElement element : elements) {
      if (element instanceof FlowNode node) {
        shape(plane, node);
        if (node instanceof SubProcess subProcess) {
          draw(plane, subProcess.getFlowElements());
        }
      } else if (element instanceof SequenceFlow flow) {
        edge(plane, flow);
      }
    }
  }

  private void shape(BpmnPlane plane, FlowNode node) {
    Box box = boxOf(node);
    BpmnShape shape = model.newInstance(BpmnShape.class, ids.claim(node.getId() + "_di"));
    shape.setBpmnElement(node);
    if (node instanceof SubProcess) {
      shape.setExpanded(true);
    }
    if (node instanceof ExclusiveGateway) {
      shape.setMarkerVisible(true);
    }
    shape.setBounds(bounds(box));
    Box label = labels.get(node.getId());
    if (label != null) {
      shape.setBpmnLabel(label(label));
    }
    ProcessShapeBuilder.append(plane, shape);
  }

  private void edge(BpmnPlane plane, SequenceFlow flow) {
    FlowNode source = flow.getSource();
    Box from = boxOf(source);
    int mainY = mainLines.getOrDefault(source.getId(), from.cy());
    List<Point> route = flow.getTarget() instanceof ExclusiveGateway
        ? EdgeRouter.upToGate(from, mainY, boxOf(flow.getTarget()))
        : EdgeRouter.route(from, mainY, source instanceof Gateway, boxOf(flow.getTarget()),
            flow.getTarget() instanceof Gateway);
    BpmnEdge edge = model.newInstance(BpmnEdge.class, ids.claim(flow.getId() + "_di"));
    edge.setBpmnElement(flow);
    for (Point point : route) {
      Waypoint waypoint = model.newInstance(Waypoint.class);
      waypoint.setX(point.x());
      waypoint.setY(point.y());
      edge.addChildElement(waypoint);
    }
    if (flow.getName() != null) {
      edge.setBpmnLabel(label(edgeLabel(route, flow.getName())));
    }
    ProcessShapeBuilder.append(plane, edge);
  }

  /** Above a horizontal first segment, right of a vertical one. */
  private static Box edgeLabel(List<Point> route, String text) {
    Box size = LabelBox.size(text);
    Point start = route.get(0);
    boolean horizontal = start.y() == route.get(1).y();
    return horizontal
        ? new Box(start.x() + EDGE_LABEL_GAP, start.y() - EDGE_LABEL_GAP - size.height(), size.width(), size.height())
        : new Box(start.x() + EDGE_LABEL_GAP, start.y() + EDGE_LABEL_GAP, size.width(), size.height());
  }

  private Box boxOf(BaseElement element) {
    Box box = shapes.get(element.getId());
    if (box == null) {
      throw new IllegalStateException("the layout has no place for " + element.getId());
    }
    return box;
  }

  private BpmnLabel label(Box box) {
    BpmnLabel label = ProcessShapeBuilder.anonymous(model.newInstance(BpmnLabel.class));
    label.setBounds(bounds(box));
    return label;
  }

  private Bounds bounds(Box box) {
    Bounds bounds = model.newInstance(Bounds.class);
    bounds.setX(box.x());
    bounds.setY(box.y());
    bounds.setWidth(box.width());
    bounds.setHeight(box.height());
    return bounds;
  }
}

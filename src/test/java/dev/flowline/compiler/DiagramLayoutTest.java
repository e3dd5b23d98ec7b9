package dev.flowline.compiler;

import static dev.flowline.compiler.Declarations.COMMANDS;
import static dev.flowline.compiler.Declarations.S3_SOURCE;
import static dev.flowline.compiler.Declarations.action;
import static dev.flowline.compiler.Declarations.approval;
import static dev.flowline.compiler.Declarations.pipeline;
import static dev.flowline.compiler.Declarations.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.pipeline.PipelineDeclaration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.Event;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnLabel;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What makes the diagram readable in Cockpit, checked on the DI read back from the compiled XML. */
class DiagramLayoutTest {

  private static final PipelineCompiler COMPILER = new PipelineCompiler(CompilerOptions.defaults());

  static Stream<Arguments> pipelines() {
    return Stream.of(
        Arguments.of("demo", Declarations.fixture("demo-pipeline")),
        Arguments.of("multi-run-order", Declarations.fixture("multi-run-order")),
        Arguments.of("escaped-names", Declarations.fixture("escaped-names")),
        Arguments.of("parallel-approvals", Declarations.fixture("parallel-approvals")),
        Arguments.of("10 stages, up to 7 parallel", Declarations.wide("wide", 10, 7)),
        Arguments.of("long names", pipeline("long",
            stage("TheSourceStageWithAnExtremelyLongNameThatWraps", action("Fetch", S3_SOURCE, 1)),
            stage("Deploy to the production environment in eu-west-1 and us-east-1",
                action("A very long action name that needs several lines", COMMANDS, 1),
                action("short", COMMANDS, 1),
                approval("An approval whose name is long as well", null)))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  @DisplayName("every flow node has a shape and every flow an edge")
  void everythingIsDrawn(String name, PipelineDeclaration declaration) {
    Diagram d = Diagram.of(COMPILER.compile(declaration));
    List<String> nodes = d.model.getModelElementsByType(FlowNode.class).stream().map(FlowNode::getId).toList();
    List<String> flows = d.model.getModelElementsByType(SequenceFlow.class).stream().map(SequenceFlow::getId).toList();
    assertThat(d.shapes.keySet()).containsExactlyInAnyOrderElementsOf(nodes);
    assertThat(d.edges.keySet()).containsExactlyInAnyOrderElementsOf(flows);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  @DisplayName("every child lies inside its sub-process and no two non-nested shapes intersect")
  void shapesDoNotOverlap(String name, PipelineDeclaration declaration) {
    Diagram d = Diagram.of(COMPILER.compile(declaration));
    List<String> problems = new ArrayList<>();
    d.shapes.forEach((id, box) -> d.ancestors(id).forEach(parent -> {
      if (!d.shapes.get(parent).contains(box)) {
        problems.add(id + " " + box + " is not inside " + parent + " " + d.shapes.get(parent));
      }
    }));
    List<String> ids = List.copyOf(d.shapes.keySet());
    for (int i = 0; i < ids.size(); i++) {
      for (int j = i + 1; j < ids.size(); j++) {
        String a = ids.get(i);
        String b = ids.get(j);
        if (!d.nested(a, b) && !d.attached(a, b) && d.shapes.get(a).intersects(d.shapes.get(b))) {
          problems.add(a + " " + d.shapes.get(a) + " overlaps " + b + " " + d.shapes.get(b));
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  @DisplayName("labels overlap no shape and no other label")
  void labelsAreClear(String name, PipelineDeclaration declaration) {
    Diagram d = Diagram.of(COMPILER.compile(declaration));
    List<String> problems = new ArrayList<>();
    List<String> labelled = List.copyOf(d.labels.keySet());
    for (String owner : labelled) {
      Box label = d.labels.get(owner);
      d.shapes.forEach((id, box) -> {
        if (!d.ancestors(owner).contains(id) && box.intersects(label)) {
          problems.add("label of " + owner + " " + label + " overlaps " + id + " " + box);
        }
      });
    }
    for (int i = 0; i < labelled.size(); i++) {
      for (int j = i + 1; j < labelled.size(); j++) {
        if (d.labels.get(labelled.get(i)).intersects(d.labels.get(labelled.get(j)))) {
          problems.add("labels of " + labelled.get(i) + " and " + labelled.get(j) + " overlap");
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  @DisplayName("edges are orthogonal, start on their source, end on their target and cross no other shape")
  void edgesAreOrthogonalAndClear(String name, PipelineDeclaration declaration) {
    Diagram d = Diagram.of(COMPILER.compile(declaration));
    List<String> problems = new ArrayList<>();
    d.edges.forEach((id, points) -> {
      SequenceFlow flow = d.model.getModelElementById(id);
      String source = flow.getSource().getId();
      String target = flow.getTarget().getId();
      if (points.size() < 2) {
        problems.add(id + " has fewer than two waypoints");
        return;
      }
      if (!onBorder(points.get(0), d.shapes.get(source))) {
        problems.add(id + " starts at " + points.get(0) + ", not on " + source + " " + d.shapes.get(source));
      }
      if (!onBorder(points.get(points.size() - 1), d.shapes.get(target))) {
        problems.add(id + " ends at " + points.get(points.size() - 1) + ", not on " + target);
      }
      for (int i = 1; i < points.size(); i++) {
        int[] a = points.get(i - 1);
        int[] b = points.get(i);
        if (a[0] != b[0] && a[1] != b[1] || a[0] == b[0] && a[1] == b[1]) {
          problems.add(id + " segment " + i + " is not axis-parallel (or empty)");
        }
        int index = i;
        Box segment = new Box(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]));
        d.shapes.forEach((shape, box) -> {
          boolean related = shape.equals(source) || shape.equals(target)
              || d.ancestors(source).contains(shape) || d.ancestors(target).contains(shape);
          if (!related && crosses(segment, box)) {
            problems.add(id + " segment " + index + " crosses " + shape);
          }
        });
      }
    });
    assertThat(problems).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  @DisplayName("labels of gates and wait events sit above them, of failed ends right of them, of other events below")
  void labelsNextToEventsAndGateways(String name, PipelineDeclaration declaration) {
    CompiledPipeline compiled = COMPILER.compile(declaration);
    Diagram d = Diagram.of(compiled);
    d.model.getModelElementsByType(FlowNode.class).stream()
        .filter(n -> (n instanceof Event || n instanceof Gateway) && n.getName() != null)
        .forEach(n -> {
          Box shape = d.shapes.get(n.getId());
          assertThat(d.labels).as("label of " + n.getId()).containsKey(n.getId());
          Box label = d.labels.get(n.getId());
          ElementRef ref = compiled.elements().get(n.getId());
          Kind kind = ref == null ? null : ref.kind();
          if (kind == Kind.GATE || kind == Kind.WAIT) {
            assertThat(label.bottom()).as("bottom of the label of " + n.getId()).isLessThan(shape.y());
          } else if (kind == Kind.END_FAILED) {
            assertThat(label.x()).as("left of the label of " + n.getId()).isGreaterThan(shape.right());
          } else {
            assertThat(label.y()).as("top of the label of " + n.getId())
                .isGreaterThan(n instanceof BoundaryEvent ? shape.cy() : shape.bottom());
          }
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  @DisplayName("stages are top-aligned, of one height, left to right on one main line; the gates on one row above")
  void stagesOnOneBaseline(String name, PipelineDeclaration declaration) {
    CompiledPipeline compiled = COMPILER.compile(declaration);
    Diagram d = Diagram.of(compiled);
    int mainY = d.shapes.get("Start").cy();
    int previousRight = d.shapes.get("Start").right();
    Box first = null;
    Integer gateRow = null;
    for (var entry : compiled.elements().entrySet()) {
      Box box = d.shapes.get(entry.getKey());
      switch (entry.getValue().kind()) {
        case STAGE -> {
          first = first == null ? box : first;
          assertThat(box.y()).as(entry.getKey() + " top").isEqualTo(first.y());
          assertThat(box.bottom()).as(entry.getKey() + " bottom").isEqualTo(first.bottom());
          assertThat(box.x()).as(entry.getKey() + " left").isGreaterThan(previousRight);
          previousRight = box.right();
          assertThat(mainY).isBetween(box.y(), box.bottom());
        }
        case GATE -> {
          gateRow = gateRow == null ? box.cy() : gateRow;
          assertThat(box.cy()).as(entry.getKey()).isEqualTo(gateRow);
          Box stage = d.shapes.get(compiled.idOf(Kind.STAGE, entry.getValue().stageName(), null));
          assertThat(box.bottom()).as(entry.getKey()).isLessThan(stage.y());
          assertThat(box.x()).as(entry.getKey()).isGreaterThan(stage.x());
        }
        case END_SUCCEEDED -> assertThat(box.cy()).as(entry.getKey()).isEqualTo(mainY);
        default -> { }
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pipelines")
  @DisplayName("wait right of its gate, failure boundary on the stage's bottom edge, approval boundaries on their task, ends below")
  void eventsWhereTheyBelong(String name, PipelineDeclaration declaration) {
    CompiledPipeline compiled = COMPILER.compile(declaration);
    Diagram d = Diagram.of(compiled);
    compiled.elements().forEach((id, ref) -> {
      Box box = d.shapes.get(id);
      switch (ref.kind()) {
        case WAIT -> {
          Box gate = d.shapes.get(compiled.idOf(Kind.GATE, ref.stageName(), null));
          assertThat(box.cy()).as(id).isEqualTo(gate.cy());
          assertThat(box.x()).as(id).isGreaterThan(gate.right());
          Box stage = d.shapes.get(compiled.idOf(Kind.STAGE, ref.stageName(), null));
          assertThat(box.right()).as(id).isLessThan(stage.right());
        }
        case STAGE_FAILED -> {
          Box stage = d.shapes.get(compiled.idOf(Kind.STAGE, ref.stageName(), null));
          assertThat(box.cy()).as(id).isEqualTo(stage.bottom());
          assertThat(box.x()).as(id).isGreaterThan(stage.x());
          assertThat(box.right()).as(id).isLessThan(stage.right());
          Box end = d.shapes.get(compiled.idOf(Kind.END_FAILED, ref.stageName(), null));
          assertThat(end.cx()).isEqualTo(box.cx());
          assertThat(end.y()).isGreaterThan(box.bottom());
        }
        case APPROVAL_TIMEOUT, APPROVAL_REJECTION -> {
          Box task = d.shapes.get(compiled.idOf(Kind.APPROVAL, ref.stageName(), ref.actionName()));
          assertThat(box.cy()).as(id).isEqualTo(task.bottom());
          assertThat(box.x()).as(id).isGreaterThan(task.x());
          assertThat(box.right()).as(id).isLessThan(task.right());
          BoundaryEvent boundary = d.model.getModelElementById(id);
          Box end = d.shapes.get(boundary.getOutgoing().iterator().next().getTarget().getId());
          assertThat(end.cx()).isEqualTo(box.cx());
          assertThat(end.y()).isGreaterThan(box.bottom());
          if (ref.kind() == Kind.APPROVAL_REJECTION) {
            Box timer = d.shapes.get(compiled.idOf(Kind.APPROVAL_TIMEOUT, ref.stageName(), ref.actionName()));
            assertThat(box.right()).as(id + " left of the timer").isLessThan(timer.x());
          }
        }
        default -> { }
      }
    });
  }

  @Test
  @DisplayName("parallel actions are stacked in one column, centred on the stage's main line")
  void parallelActionsStackedAndCentred() {
    Diagram d = Diagram.of(COMPILER.compile(Declarations.fixture("multi-run-order")));
    Box fork = d.shapes.get("Fork_Verify_1");
    List<Box> actions = Stream.of("UnitTests", "IntegrationTests", "SecurityScan")
        .map(a -> d.shapes.get("Action_Verify_" + a)).toList();
    assertThat(actions).extracting(Box::x).containsOnly(actions.get(0).x());
    assertThat(actions).extracting(Box::cy).isSorted().doesNotHaveDuplicates();
    assertThat(actions.get(1).cy()).isEqualTo(fork.cy());
    assertThat(actions.get(0).cy() + actions.get(2).cy()).isEqualTo(2 * fork.cy());
    assertThat(d.shapes.get("Join_Verify_1").cy()).isEqualTo(fork.cy());
    assertThat(d.shapes.get("Action_Verify_Package").cy()).isEqualTo(fork.cy());
    assertThat(d.shapes.get("Action_Verify_Package").x()).isGreaterThan(d.shapes.get("Join_Verify_1").right());
    Diagram demo = Diagram.of(COMPILER.compile(Declarations.fixture("demo-pipeline")));
    int mainY = demo.shapes.get("Fork_Test_1").cy();
    assertThat(demo.shapes.get("Action_Test_UnitTests").cy() + demo.shapes.get("Action_Test_Lint").cy())
        .isEqualTo(2 * mainY);
  }

  @Test
  @DisplayName("a fork reaches a branch down (or up) then right; a branch reaches the join right then up (or down)")
  void forkAndJoinEdgesAreElbows() {
    Diagram d = Diagram.of(COMPILER.compile(Declarations.fixture("demo-pipeline")));
    Box fork = d.shapes.get("Fork_Test_1");
    Box lint = d.shapes.get("Action_Test_Lint");
    Box join = d.shapes.get("Join_Test_1");
    assertThat(d.edges.get("Flow_Fork_Test_1_Action_Test_Lint")).containsExactly(
        new int[] {fork.cx(), fork.bottom()}, new int[] {fork.cx(), lint.cy()}, new int[] {lint.x(), lint.cy()});
    assertThat(d.edges.get("Flow_Action_Test_Lint_Join_Test_1")).containsExactly(
        new int[] {lint.right(), lint.cy()}, new int[] {join.cx(), lint.cy()}, new int[] {join.cx(), join.bottom()});
    Box unit = d.shapes.get("Action_Test_UnitTests");
    assertThat(d.edges.get("Flow_Fork_Test_1_Action_Test_UnitTests").get(0)).containsExactly(fork.cx(), fork.y());
    assertThat(d.edges.get("Flow_Action_Test_UnitTests_Join_Test_1").get(2)).containsExactly(join.cx(), join.y());
    assertThat(unit.cy()).isLessThan(fork.cy());
  }

  @Test
  @DisplayName("an expanded stage is as wide as its runOrder columns need")
  void stageWidthFollowsContent() {
    Diagram d = Diagram.of(COMPILER.compile(Declarations.fixture("multi-run-order")));
    int oneAction = d.shapes.get("Stage_Source").width();
    int twoSequential = d.shapes.get("Stage_Deploy").width();
    assertThat(twoSequential - oneAction).isEqualTo(DiagramLayout.TASK_W + StageLayout.GAP);
    Box verify = d.shapes.get("Stage_Verify");
    assertThat(verify.right() - d.shapes.get("Stage_Verify_End").right()).isEqualTo(StageLayout.PAD_X);
    assertThat(d.shapes.get("Stage_Verify_Start").x() - verify.x()).isEqualTo(StageLayout.PAD_X);
  }

  private static boolean onBorder(int[] p, Box box) {
    boolean withinX = p[0] >= box.x() && p[0] <= box.right();
    boolean withinY = p[1] >= box.y() && p[1] <= box.bottom();
    return withinX && withinY && (p[0] == box.x() || p[0] == box.right() || p[1] == box.y() || p[1] == box.bottom());
  }

  /** A (degenerate, zero-width) segment box passes through the interior of a shape. */
  private static boolean crosses(Box segment, Box box) {
    return segment.x() < box.right() && segment.right() > box.x() && segment.y() < box.bottom()
        && segment.bottom() > box.y()
        || segment.width() == 0 && segment.x() > box.x() && segment.x() < box.right()
            && segment.y() < box.bottom() && segment.bottom() > box.y()
        || segment.height() == 0 && segment.y() > box.y() && segment.y() < box.bottom()
            && segment.x() < box.right() && segment.right() > box.x();
  }

  /** The DI of a compiled pipeline, read back from its XML. */
  record Diagram(BpmnModelInstance model, Map<String, Box> shapes, Map<String, Box> labels,
      Map<String, List<int[]>> edges) {

    static Diagram of(CompiledPipeline compiled) {
      BpmnModelInstance model = PipelineCompilerTest.parse(compiled.xml());
      Map<String, Box> shapes = new HashMap<>();
      Map<String, Box> labels = new HashMap<>();
      Map<String, List<int[]>> edges = new HashMap<>();
      for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
        String id = shape.getBpmnElement().getId();
        assertThat(shapes.put(id, box(shape.getBounds()))).as("second shape for " + id).isNull();
        label(shape.getBpmnLabel()).ifPresent(l -> labels.put(id, l));
      }
      for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
        String id = edge.getBpmnElement().getId();
        List<int[]> points = new ArrayList<>();
        for (Waypoint w : edge.getWaypoints()) {
          points.add(new int[] {exact(w.getX()), exact(w.getY())});
        }
        assertThat(edges.put(id, points)).as("second edge for " + id).isNull();
        label(edge.getBpmnLabel()).ifPresent(l -> labels.put(id, l));
      }
      return new Diagram(model, shapes, labels, edges);
    }

    /** The sub-processes around an element, innermost first. */
    List<String> ancestors(String id) {
      List<String> result = new ArrayList<>();
      ModelElementInstance element = model.getModelElementById(id);
      for (ModelElementInstance p = element.getParentElement(); p != null; p = p.getParentElement()) {
        if (p instanceof SubProcess sub) {
          result.add(sub.getId());
        }
      }
      return result;
    }

    boolean nested(String a, String b) {
      return ancestors(a).contains(b) || ancestors(b).contains(a);
    }

    boolean attached(String a, String b) {
      return attachedTo(a, b) || attachedTo(b, a);
    }

    private boolean attachedTo(String boundary, String host) {
      BaseElement element = model.getModelElementById(boundary);
      return element instanceof BoundaryEvent event && event.getAttachedTo().getId().equals(host);
    }

    private static java.util.Optional<Box> label(BpmnLabel label) {
      return java.util.Optional.ofNullable(label).map(l -> box(l.getBounds()));
    }

    private static Box box(Bounds b) {
      return new Box(exact(b.getX()), exact(b.getY()), exact(b.getWidth()), exact(b.getHeight()));
    }

    private static int exact(double value) {
      assertThat(value).as("coordinates are whole pixels").isEqualTo(Math.rint(value));
      return (int) value;
    }
  }
}

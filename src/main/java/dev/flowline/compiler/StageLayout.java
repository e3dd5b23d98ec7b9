package dev.flowline.compiler;

import static dev.flowline.compiler.DiagramLayout.EVENT;
import static dev.flowline.compiler.DiagramLayout.GATEWAY;
import static dev.flowline.compiler.DiagramLayout.TASK_H;
import static dev.flowline.compiler.DiagramLayout.TASK_W;

import dev.flowline.compiler.PipelinePlan.ActionPlan;
import dev.flowline.compiler.PipelinePlan.GroupPlan;
import dev.flowline.compiler.PipelinePlan.StagePlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The inside of one stage, relative to the stage's left edge (x = 0) and its main line (y = 0):
 * runOrder groups are columns from left to right; the actions of a parallel group are stacked and
 * centred on the main line between a fork and a join; an approval's timeout end hangs below it.
 */
final class StageLayout {

  static final int PAD_X = 6;
  /** Horizontal room for an edge between two nodes. */
  static final int GAP = 14;
  static final int ROW_GAP = 10;
  /** Length of the edge from a boundary event down to its end event. */
  static final int BOUNDARY_DROP = 10;
  /** How far right of a task's left edge its timer boundary sits (centre). */
  static final int TIMER_OFFSET = TASK_W - EVENT / 2 - 2;
  /** How far right of a task's left edge an approval's rejection boundary sits (centre). */
  static final int REJECTION_OFFSET = EVENT / 2 + 2;

  final Map<String, Box> shapes = new LinkedHashMap<>();
  final Map<String, Box> labels = new LinkedHashMap<>();

  private final Function<String, String> names;
  private int width;

  private StageLayout(Function<String, String> names) {
    this.names = names;
  }

  /** Lays out a stage; {@code names} gives the label text of an element id. */
  static StageLayout of(StagePlan stage, Function<String, String> names) {
    StageLayout layout = new StageLayout(names);
    int x = PAD_X;
    layout.shapes.put(stage.startId(), Box.centredOn(x + EVENT / 2, 0, EVENT, EVENT));
    x += EVENT;
    for (GroupPlan group : stage.groups()) {
      x = layout.group(group, x + GAP);
    }
    x += GAP;
    layout.shapes.put(stage.endId(), new Box(x, -EVENT / 2, EVENT, EVENT));
    layout.width = x + EVENT + PAD_X;
    return layout;
  }

  int width() {
    return width;
  }

  /** How far the content reaches above the main line. */
  int upper() {
    return -all().mapToInt(Box::y).min().orElse(0);
  }

  /** How far the content reaches below the main line. */
  int lower() {
    return all().mapToInt(Box::bottom).max().orElse(0);
  }

  private Stream<Box> all() {
    return Stream.concat(shapes.values().stream(), labels.values().stream());
  }

  /** Places a group whose left edge is x; returns its right edge. */
  private int group(GroupPlan group, int x) {
    if (!group.parallel()) {
      action(group.actions().get(0), x, 0);
      return x + TASK_W;
    }
    shapes.put(group.forkId(), new Box(x, -GATEWAY / 2, GATEWAY, GATEWAY));
    int column = x + GATEWAY + GAP;
    int[] rows = rowCentres(group.actions());
    for (int i = 0; i < rows.length; i++) {
      action(group.actions().get(i), column, rows[i]);
    }
    int joinX = column + TASK_W + GAP;
    shapes.put(group.joinId(), new Box(joinX, -GATEWAY / 2, GATEWAY, GATEWAY));
    return joinX + GATEWAY;
  }

  /**
   * Row centres, top to bottom. The middle row (odd count) sits on the main line, or the main line runs
   * halfway between the two middle rows (even count), so no branch meets a gateway off its corners.
   */
  private int[] rowCentres(List<ActionPlan> actions) {
    int[] rows = new int[actions.size()];
    for (int i = 1; i < rows.length; i++) {
      rows[i] = rows[i - 1] + TASK_H + ROW_GAP + extraBelow(actions.get(i - 1));
    }
    int mid = rows.length / 2;
    int shift = rows.length % 2 == 1 ? rows[mid] : (rows[mid - 1] + rows[mid]) / 2;
    for (int i = 0; i < rows.length; i++) {
      rows[i] -= shift;
    }
    return rows;
  }

  /** Room an approval needs below its task for the timer's end event and its label. */
  private int extraBelow(ActionPlan action) {
    return action.approval()
        ? EVENT / 2 + BOUNDARY_DROP + EVENT + LabelBox.GAP
        + Math.max(LabelBox.size(names.apply(action.timedOutId())).height(),
            LabelBox.size(names.apply(action.rejectedId())).height()) : 0;
  }

  private void action(ActionPlan action, int x, int cy) {
    Box task = new Box(x, cy - TASK_H / 2, TASK_W, TASK_H);
    shapes.put(action.taskId(), task);
    if (action.approval()) {
      hang(action.rejectionId(), action.rejectedId(), x + REJECTION_OFFSET, task.bottom());
      hang(action.timeoutId(), action.timedOutId(), x + TIMER_OFFSET, task.bottom());
    }
  }

  /** A boundary event centred on the task's bottom edge at {@code cx}, its end event below, labelled. */
  private void hang(String boundaryId, String endId, int cx, int bottom) {
    Box boundary = Box.centredOn(cx, bottom, EVENT, EVENT);
    Box end = new Box(boundary.x(), boundary.bottom() + BOUNDARY_DROP, EVENT, EVENT);
    shapes.put(boundaryId, boundary);
    shapes.put(endId, end);
    labels.put(endId, LabelBox.below(end, names.apply(endId)));
  }
}

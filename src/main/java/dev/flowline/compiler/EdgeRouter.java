package dev.flowline.compiler;

import java.util.List;

/**
 * Orthogonal routes between placed shapes. The layout puts shapes so that one of five routes fits:
 * straight down (boundary to its end, gate and wait event into their stage), straight right (the main lines),
 * right, up and right (a stage or the start event to the next gate, in the gap between the stages), out of
 * a fork's top or bottom corner then right (into a branch), or right then into a join's top or bottom
 * corner (out of a branch).
 */
final class EdgeRouter {

  record Point(int x, int y) {}

  private EdgeRouter() {}

  /**
   * @param mainY the y at which edges leave {@code source} sideways (its main line; the centre for
   *     anything but an expanded sub-process)
   */
  static List<Point> route(Box source, int mainY, boolean sourceIsGateway, Box target, boolean targetIsGateway) {
    if (target.y() >= source.bottom() && source.cx() > target.x() && source.cx() < target.right()) {
      return List.of(new Point(source.cx(), source.bottom()), new Point(source.cx(), target.y()));
    }
    if (target.x() >= source.right() && meetsSide(target, mainY, targetIsGateway)) {
      return List.of(new Point(source.right(), mainY), new Point(target.x(), mainY));
    }
    if (sourceIsGateway && target.x() > source.cx()) {
      int corner = target.cy() < mainY ? source.y() : source.bottom();
      return List.of(new Point(source.cx(), corner), new Point(source.cx(), target.cy()),
          new Point(target.x(), target.cy()));
    }
    if (targetIsGateway && target.cx() > source.right()) {
      int corner = mainY < target.cy() ? target.y() : target.bottom();
      return List.of(new Point(source.right(), mainY), new Point(target.cx(), mainY),
          new Point(target.cx(), corner));
    }
    throw new IllegalStateException("no orthogonal route from " + source + " to " + target);
  }

  /**
   * From a stage (or the start event) to the next stage's gate, on the row above the stages: right, up in the gap
   * between the stages, and right into the gate's left corner.
   */
  static List<Point> upToGate(Box source, int mainY, Box gate) {
    if (gate.bottom() >= mainY || gate.x() <= source.right()) {
      throw new IllegalStateException("no route up from " + source + " to the gate " + gate);
    }
    int up = source.right() + Math.min(DiagramLayout.STAGE_GAP / 2, (gate.x() - source.right()) / 2);
    return List.of(new Point(source.right(), mainY), new Point(up, mainY), new Point(up, gate.cy()),
        new Point(gate.x(), gate.cy()));
  }

  /** A gateway is entered only at its left corner; anything else anywhere along its left side. */
  private static boolean meetsSide(Box target, int y, boolean targetIsGateway) {
    return targetIsGateway ? y == target.cy() : y >= target.y() && y <= target.bottom();
  }
}

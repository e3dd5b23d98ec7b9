package dev.flowline.compiler;

/** An axis-parallel rectangle of the diagram, in whole pixels (y grows downwards). */
record Box(int x, int y, int width, int height) {

  static Box centredOn(int cx, int cy, int width, int height) {
    return new Box(cx - width / 2, cy - height / 2, width, height);
  }

  int right() {
    return x + width;
  }

  int bottom() {
    return y + height;
  }

  int cx() {
    return x + width / 2;
  }

  int cy() {
    return y + height / 2;
  }

  Box shift(int dx, int dy) {
    return new Box(x + dx, y + dy, width, height);
  }

  /** True if the interiors overlap; boxes that only touch do not intersect. */
  boolean intersects(Box other) {
    return x < other.right() && other.x < right() && y < other.bottom() && other.y < bottom();
  }

  boolean contains(Box other) {
    return other.x >= x && other.right() <= right() && other.y >= y && other.bottom() <= bottom();
  }
}

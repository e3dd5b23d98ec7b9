package dev.flowline.compiler;

import java.util.ArrayList;
import java.util.List;

/**
 * Where an external label goes. bpmn-js wraps label text at 90 px and centres it on the label bounds,
 * so the bounds only need a fair estimate of the wrapped size (11 px Arial).
 */
final class LabelBox {

  static final int MAX_WIDTH = 90;
  private static final String NARROW = "fijlrtI.,:;!'|()[] ";
  private static final String WIDE = "mwMW@%";
  private static final int LINE_HEIGHT = 14;
  static final int GAP = 5;

  private LabelBox() {}

  /** Centred under the shape. */
  static Box below(Box shape, String text) {
    Box size = size(text);
    return new Box(shape.cx() - size.width() / 2, shape.bottom() + GAP, size.width(), size.height());
  }

  /**
   * Under the shape, ending left of its centre line by {@code clearance} (half the width of what hangs
   * below the shape on an edge leaving it downwards).
   */
  static Box belowLeft(Box shape, int clearance, String text) {
    Box size = size(text);
    return new Box(shape.cx() - clearance - GAP - size.width(), shape.bottom() + GAP, size.width(), size.height());
  }

  /** Centred above the shape, its bottom {@code GAP} above {@code baseline} (the top of the tallest shape of a row). */
  static Box above(Box shape, int baseline, String text) {
    Box size = size(text);
    return new Box(shape.cx() - size.width() / 2, baseline - GAP - size.height(), size.width(), size.height());
  }

  /** Above the shape, ending at its right edge, its bottom {@code GAP} above {@code baseline}. */
  static Box aboveLeft(Box shape, int baseline, String text) {
    Box size = size(text);
    return new Box(shape.right() - size.width(), baseline - GAP - size.height(), size.width(), size.height());
  }

  /** Right of the shape, centred on it vertically. */
  static Box rightOf(Box shape, String text) {
    Box size = size(text);
    return new Box(shape.right() + GAP, shape.cy() - size.height() / 2, size.width(), size.height());
  }

  /** Right of the shape's lower half: for a boundary event on the bottom edge of its host. */
  static Box rightOfLowerHalf(Box shape, String text) {
    Box size = size(text);
    return new Box(shape.right() + GAP, shape.cy() + GAP, size.width(), size.height());
  }

  /** The estimated size of the wrapped text, at the origin. */
  static Box size(String text) {
    List<String> lines = wrap(text);
    // bpmn-js wraps differently from this estimate; a wrapped label may use the full width
    double widest = lines.size() > 1 ? MAX_WIDTH : lines.stream().mapToDouble(LabelBox::width).max().orElse(0);
    return new Box(0, 0, (int) Math.ceil(Math.min(MAX_WIDTH, Math.max(widest, 10))), lines.size() * LINE_HEIGHT);
  }

  /** Greedy word wrap at {@link #MAX_WIDTH}, breaking words that are wider than a line. */
  private static List<String> wrap(String text) {
    List<String> lines = new ArrayList<>();
    String line = "";
    for (String word : text.trim().split("\\s+")) {
      String joined = line.isEmpty() ? word : line + " " + word;
      if (width(joined) <= MAX_WIDTH) {
        line = joined;
        continue;
      }
      if (!line.isEmpty()) {
        lines.add(line);
      }
      line = word;
      while (width(line) > MAX_WIDTH) {
        int fit = 1;
        while (width(line.substring(0, fit + 1)) <= MAX_WIDTH) {
          fit++;
        }
        lines.add(line.substring(0, fit));
        line = line.substring(fit);
      }
    }
    if (!line.isEmpty()) {
      lines.add(line);
    }
    return lines;
  }

  /** Approximate advance widths of 11 px Arial, the font bpmn-js uses for external labels. */
  private static double width(String s) {
    double width = 0;
    for (char c : s.toCharArray()) {
      if (NARROW.indexOf(c) >= 0) {
        width += 3.2;
      } else if (WIDE.indexOf(c) >= 0) {
        width += 9.6;
      } else if (Character.isUpperCase(c)) {
        width += 7.6;
      } else {
        width += 6.2;
      }
    }
    return width;
  }
}

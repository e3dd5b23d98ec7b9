package dev.flowline.actions.build;

/** A buildspec that cannot be run: not YAML, not version 0.2, or a value of the wrong shape. */
final class BuildspecException extends Exception {

  private final Integer line;

  /** @param line 1-based line of the offending node, or null when the problem has no place */
  BuildspecException(String problem, Integer line) {
    super(line == null ? problem : problem + " at line " + line);
    this.line = line;
  }

  Integer line() {
    return line;
  }
}

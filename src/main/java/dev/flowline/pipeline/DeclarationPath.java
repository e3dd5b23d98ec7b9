package dev.flowline.pipeline;

/**
 * A position in a declaration, kept in two spellings at once: Flowline's dotted 0-based form
 * ({@code pipeline.stages.1.actions.0}) and AWS's Coral form with 1-based indexes and {@code .member.}
 * ({@code pipeline.stages.2.member.actions.1.member}).
 */
record DeclarationPath(String dotted, String coral) {

  static final DeclarationPath PIPELINE = new DeclarationPath("pipeline", "pipeline");

  DeclarationPath member(String name) {
    return new DeclarationPath(dotted + "." + name, coral + "." + name);
  }

  DeclarationPath index(int i) {
    return new DeclarationPath(dotted + "." + i, coral + "." + (i + 1) + ".member");
  }

  /** A map entry: named by its key in the dotted form, while AWS names the map itself. */
  DeclarationPath entry(String key) {
    return new DeclarationPath(dotted + "." + key, coral);
  }

  /** A map entry whose value is a structure: AWS names it by its key too. */
  DeclarationPath structEntry(String key) {
    return new DeclarationPath(dotted + "." + key, coral + "." + key);
  }

  static DeclarationPath stage(int stage) {
    return PIPELINE.member("stages").index(stage);
  }

  static DeclarationPath action(int stage, int action) {
    return stage(stage).member("actions").index(action);
  }
}

package dev.flowline.pipeline;

import java.util.List;
import java.util.Objects;

/** Null-tolerant reads of a declaration for the semantic rules, which also run on shape-invalid input. */
final class Declared {
  private Declared() {}

  static List<StageDeclaration> stages(PipelineDeclaration p) {
    return p.stagesOrEmpty().stream()
        .map(s -> s == null ? new StageDeclaration(null, null, null, null, null, null) : s)
        .toList();
  }

  static List<ActionDeclaration> actions(StageDeclaration stage) {
    return stage.actionsOrEmpty().stream().map(a -> a == null ? emptyAction() : a).toList();
  }

  static List<Condition> conditions(List<Condition> conditions) {
    return conditions == null ? List.of() : conditions.stream().filter(Objects::nonNull).toList();
  }

  /** The action's category when it is one of the model's enum values, else null. */
  static String category(ActionDeclaration action) {
    ActionTypeId id = action.actionTypeId();
    return id != null && id.category() != null && ShapeConstraints.CATEGORIES.contains(id.category())
        ? id.category() : null;
  }

  static boolean isSource(ActionDeclaration action) {
    return "Source".equals(category(action));
  }

  static boolean isNonSource(ActionDeclaration action) {
    String category = category(action);
    return category != null && !category.equals("Source");
  }

  static boolean isProvider(ActionDeclaration action, String owner, String provider) {
    ActionTypeId id = action.actionTypeId();
    return id != null && owner.equals(id.owner()) && provider.equals(id.provider());
  }

  /** A compute action: AWS's Commands provider, the only one that takes commands and output files. */
  static boolean isCompute(ActionDeclaration action) {
    return isProvider(action, "AWS", "Commands");
  }

  private static ActionDeclaration emptyAction() {
    return new ActionDeclaration(null, null, null, null, null, null, null, null, null, null, null, null, null);
  }
}

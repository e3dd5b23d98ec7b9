package dev.flowline.compiler;

import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.StageDeclaration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The few structural facts the compiler cannot do without. Full validation (AWS's rule texts) belongs
 * to the pipeline room and runs first; this guard only turns a declaration that slipped past it into a
 * clear refusal instead of a broken process.
 */
final class DeclarationGuard {

  private DeclarationGuard() {}

  static void check(PipelineDeclaration pipeline) {
    if (blank(pipeline.name())) {
      throw new CodePipelineException("InvalidStructureException", "The pipeline has no name");
    }
    List<StageDeclaration> stages = pipeline.stagesOrEmpty();
    if (stages.isEmpty()) {
      throw new CodePipelineException("InvalidStructureException",
          "Pipeline " + pipeline.name() + " has no stages");
    }
    Set<String> stageNames = new HashSet<>();
    for (int i = 0; i < stages.size(); i++) {
      StageDeclaration stage = stages.get(i);
      if (stage == null || blank(stage.name())) {
        throw new CodePipelineException("InvalidStageDeclarationException", "Stage " + (i + 1) + " has no name");
      }
      if (!stageNames.add(stage.name())) {
        throw new CodePipelineException("InvalidStageDeclarationException",
            "Stage name '" + stage.name() + "' is used more than once");
      }
      checkActions(stage);
    }
  }

  private static void checkActions(StageDeclaration stage) {
    List<ActionDeclaration> actions = stage.actionsOrEmpty();
    if (actions.isEmpty()) {
      throw new CodePipelineException("InvalidStageDeclarationException",
          "Stage '" + stage.name() + "' has no actions");
    }
    Set<String> actionNames = new HashSet<>();
    for (int i = 0; i < actions.size(); i++) {
      ActionDeclaration action = actions.get(i);
      if (action == null || blank(action.name())) {
        throw invalidAction("Action " + (i + 1) + " in stage '" + stage.name() + "' has no name");
      }
      String where = "action '" + action.name() + "' in stage '" + stage.name() + "'";
      if (!actionNames.add(action.name())) {
        throw invalidAction("Action name '" + action.name() + "' is used more than once in stage '"
            + stage.name() + "'");
      }
      ActionTypeId type = action.actionTypeId();
      if (type == null || blank(type.category()) || blank(type.owner()) || blank(type.provider())
          || blank(type.version())) {
        throw invalidAction("The actionTypeId of " + where + " needs category, owner, provider and version");
      }
      if (action.timeoutInMinutes() != null && action.timeoutInMinutes() < 1) {
        throw invalidAction("The timeoutInMinutes of " + where + " must be at least 1");
      }
    }
  }

  private static CodePipelineException invalidAction(String message) {
    return new CodePipelineException("InvalidActionDeclarationException", message);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}

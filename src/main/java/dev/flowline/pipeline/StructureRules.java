package dev.flowline.pipeline;

import static dev.flowline.pipeline.Violation.INVALID_STAGE;
import static dev.flowline.pipeline.Violation.INVALID_STRUCTURE;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Pipeline-level rules of CreatePipeline / UpdatePipeline (reference §4.1, and the V1 limits of §4.2). */
final class StructureRules {
  static final int MAX_STAGES = 50;
  static final int MAX_ACTIONS_PER_PIPELINE = 500;

  private final PipelineDeclaration p;
  private final String pipelineRegion;
  private final List<Violation> out;
  private final DeclarationPath root = DeclarationPath.PIPELINE;

  StructureRules(PipelineDeclaration p, String pipelineRegion, List<Violation> out) {
    this.p = p;
    this.pipelineRegion = pipelineRegion;
    this.out = out;
  }

  void check() {
    artifactStores();
    stageCount();
    sourceStage();
    uniqueStageNames();
    v1Limits();
    uniqueVariableNames();
    parallelRollback();
  }

  private void add(DeclarationPath path, String type, String message) {
    out.add(new Violation(path.dotted(), type, message));
  }

  private void artifactStores() {
    if (p.artifactStore() != null && p.artifactStores() != null) {
      add(root.member("artifactStores"), INVALID_STRUCTURE, "Pipeline cannot declare both 'artifactStore' and"
          + " 'artifactStores'. Use 'artifactStore' for a pipeline in one region, or 'artifactStores' with an"
          + " artifact store for each region where you have an action.");
      return;
    }
    if (p.artifactStore() == null && p.artifactStores() == null) {
      add(root, INVALID_STRUCTURE, "Pipeline must declare an artifact store: 'artifactStore', or"
          + " 'artifactStores' with an artifact store for each region where you have an action.");
      return;
    }
    Set<String> regions = new LinkedHashSet<>();
    regions.add(pipelineRegion);
    for (StageDeclaration stage : Declared.stages(p)) {
      for (ActionDeclaration action : Declared.actions(stage)) {
        if (action.region() != null) {
          regions.add(action.region());
        }
      }
    }
    if (p.artifactStore() != null && regions.size() > 1) {
      add(root.member("artifactStore"), INVALID_STRUCTURE, "Your pipeline contains actions in more than one"
          + " region. Use 'pipeline.artifactStores' instead of 'pipeline.artifactStore' to declare an artifact"
          + " store, such as an artifact bucket, for each region where you have an action.");
    }
    if (p.artifactStores() != null) {
      for (String region : regions) {
        if (!p.artifactStores().containsKey(region)) {
          add(root.member("artifactStores"), INVALID_STRUCTURE, "Your pipeline must have an artifact store, such"
              + " as an artifact bucket, for each region where you have an action. The following region is"
              + " missing in 'pipeline.artifactStores': " + region + ".");
        }
      }
    }
  }

  private void stageCount() {
    if (p.stages() == null) {
      return;
    }
    int count = p.stages().size();
    if (count < 2) {
      add(root.member("stages"), INVALID_STRUCTURE,
          "Pipeline has only " + count + " stage(s). There should be a minimum of 2 stages in a pipeline");
    }
    if (count > MAX_STAGES) {
      add(root.member("stages"), INVALID_STRUCTURE,
          "Pipeline has too many stages. There can only be up to 50 stages in a pipeline");
    }
    int actions = Declared.stages(p).stream().mapToInt(s -> s.actionsOrEmpty().size()).sum();
    if (actions > MAX_ACTIONS_PER_PIPELINE) {
      add(root.member("stages"), INVALID_STRUCTURE, "Pipeline has " + actions
          + " actions. There can only be up to " + MAX_ACTIONS_PER_PIPELINE + " actions in a pipeline");
    }
  }

  private void sourceStage() {
    List<StageDeclaration> stages = Declared.stages(p);
    if (stages.isEmpty()) {
      return;
    }
    if (Declared.actions(stages.get(0)).stream().anyMatch(Declared::isNonSource)) {
      add(DeclarationPath.stage(0), INVALID_STRUCTURE,
          "Pipeline should start with a stage that only contains source actions");
    }
    boolean nonSource = false;
    for (int s = 0; s < stages.size(); s++) {
      List<ActionDeclaration> actions = Declared.actions(stages.get(s));
      for (int a = 0; a < actions.size(); a++) {
        nonSource |= Declared.isNonSource(actions.get(a));
        if (s > 0 && Declared.isSource(actions.get(a))) {
          add(DeclarationPath.action(s, a), INVALID_STRUCTURE,
              "Source actions can only be included in the first stage of the pipeline");
        }
      }
    }
    if (!nonSource) {
      add(root.member("stages"), INVALID_STRUCTURE,
          "Pipeline should contain at least 1 action whose category is not Source");
    }
  }

  private void uniqueStageNames() {
    Set<String> seen = new HashSet<>();
    Set<String> reported = new HashSet<>();
    List<StageDeclaration> stages = Declared.stages(p);
    for (int s = 0; s < stages.size(); s++) {
      String name = stages.get(s).name();
      if (name != null && !seen.add(name) && reported.add(name)) {
        add(DeclarationPath.stage(s).member("name"), INVALID_STAGE,
            "Stage name '" + name + "' is used more than once");
      }
    }
  }

  private void v1Limits() {
    if (!"V1".equals(p.pipelineType())) {
      return;
    }
    if ("QUEUED".equals(p.executionMode()) || "PARALLEL".equals(p.executionMode())) {
      add(root.member("executionMode"), INVALID_STRUCTURE,
          "QUEUED or PARALLEL mode can only be used with V2 pipelines");
    }
    if (!p.variablesOrEmpty().isEmpty()) {
      add(root.member("variables"), INVALID_STRUCTURE, "Pipeline variable can only be used with V2 pipelines");
    }
    if (!p.triggersOrEmpty().isEmpty()) {
      add(root.member("triggers"), INVALID_STRUCTURE, "Triggers on tag can only be used with V2 pipelines");
    }
    List<StageDeclaration> stages = Declared.stages(p);
    for (int s = 0; s < stages.size(); s++) {
      StageDeclaration stage = stages.get(s);
      if (stage.onFailure() != null || stage.onSuccess() != null || stage.beforeEntry() != null) {
        add(DeclarationPath.stage(s), INVALID_STAGE, "Stage level conditions can only be used with V2 pipelines.");
      }
    }
  }

  private void uniqueVariableNames() {
    Set<String> seen = new HashSet<>();
    List<PipelineVariableDeclaration> variables = p.variablesOrEmpty();
    for (int i = 0; i < variables.size(); i++) {
      String name = variables.get(i) == null ? null : variables.get(i).name();
      if (name != null && !seen.add(name)) {
        add(root.member("variables").index(i).member("name"), INVALID_STRUCTURE,
            "Variable names must be unique. The following variable name is already in use: " + name);
      }
    }
  }

  private void parallelRollback() {
    if (!"PARALLEL".equals(p.executionMode())) {
      return;
    }
    List<StageDeclaration> stages = Declared.stages(p);
    for (int s = 0; s < stages.size(); s++) {
      FailureConditions onFailure = stages.get(s).onFailure();
      if (onFailure == null) {
        continue;
      }
      boolean rollback = "ROLLBACK".equals(onFailure.result()) || Declared.conditions(onFailure.conditions())
          .stream().map(Condition::result).anyMatch(r -> Objects.equals(r, "ROLLBACK"));
      if (rollback) {
        add(DeclarationPath.stage(s).member("onFailure"), INVALID_STAGE,
            "Failure conditions with rollback result type cannot be added to a PARALLEL pipeline.");
      }
    }
  }
}

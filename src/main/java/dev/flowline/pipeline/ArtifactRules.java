package dev.flowline.pipeline;

import static dev.flowline.pipeline.Violation.INVALID_ACTION;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How artifacts and variables flow between actions (reference §4.1 P13-P16): output artifact names are
 * unique, every input artifact is produced by an action that runs before, namespaces are unique and do not
 * clash with artifact names.
 */
final class ArtifactRules {
  private static final String RUNS_BEFORE = "An input artifact must be the output artifact of an action in an"
      + " earlier stage, or in the same stage with a lower runOrder.";

  private record Producer(int stage, int runOrder, String stageName, String actionName) {}

  private final PipelineDeclaration p;
  private final List<Violation> out;
  private final Map<String, List<Producer>> producers = new HashMap<>();

  ArtifactRules(PipelineDeclaration p, List<Violation> out) {
    this.p = p;
    this.out = out;
  }

  void check() {
    List<StageDeclaration> stages = Declared.stages(p);
    forEachAction((s, a, action) -> outputs(stages.get(s), s, a, action));
    forEachAction((s, a, action) -> inputs(stages.get(s), s, a, action));
    Set<String> namespaces = new HashSet<>();
    forEachAction((s, a, action) -> namespace(stages.get(s), s, a, action, namespaces));
  }

  private interface ActionVisitor {
    void visit(int stage, int action, ActionDeclaration declaration);
  }

  private void forEachAction(ActionVisitor visitor) {
    List<StageDeclaration> stages = Declared.stages(p);
    for (int s = 0; s < stages.size(); s++) {
      List<ActionDeclaration> actions = Declared.actions(stages.get(s));
      for (int a = 0; a < actions.size(); a++) {
        visitor.visit(s, a, actions.get(a));
      }
    }
  }

  private void add(DeclarationPath path, String message) {
    out.add(new Violation(path.dotted(), INVALID_ACTION, message));
  }

  private void outputs(StageDeclaration stage, int s, int a, ActionDeclaration action) {
    List<OutputArtifact> outputs = action.outputArtifactsOrEmpty();
    for (int i = 0; i < outputs.size(); i++) {
      String name = outputs.get(i) == null ? null : outputs.get(i).name();
      if (name == null) {
        continue;
      }
      List<Producer> known = producers.computeIfAbsent(name, n -> new ArrayList<>());
      if (!known.isEmpty()) {
        add(DeclarationPath.action(s, a).member("outputArtifacts").index(i).member("name"),
            "Output Artifact Bundle name must be unique within the pipeline. " + name
                + " has been used more than once.");
      }
      known.add(new Producer(s, action.effectiveRunOrder(), stage.name(), action.name()));
    }
  }

  private void inputs(StageDeclaration stage, int s, int a, ActionDeclaration action) {
    List<InputArtifact> inputs = action.inputArtifactsOrEmpty();
    for (int i = 0; i < inputs.size(); i++) {
      String name = inputs.get(i) == null ? null : inputs.get(i).name();
      if (name == null) {
        continue;
      }
      List<Producer> candidates = producers.getOrDefault(name, List.of());
      int runOrder = action.effectiveRunOrder();
      boolean producedBefore = candidates.stream()
          .anyMatch(producer -> producer.stage() < s || producer.stage() == s && producer.runOrder() < runOrder);
      if (producedBefore) {
        continue;
      }
      String subject = "Input artifact '" + name + "' of action '" + action.name() + "' in stage '" + stage.name()
          + "'";
      DeclarationPath path = DeclarationPath.action(s, a).member("inputArtifacts").index(i).member("name");
      if (candidates.isEmpty()) {
        add(path, subject + " is not the output artifact of any action in the pipeline. " + RUNS_BEFORE);
      } else {
        Producer producer = candidates.get(0);
        add(path, subject + " is produced by action '" + producer.actionName() + "' in stage '"
            + producer.stageName() + "', which does not run before it. " + RUNS_BEFORE);
      }
    }
  }

  private void namespace(StageDeclaration stage, int s, int a, ActionDeclaration action, Set<String> seen) {
    String namespace = action.namespace();
    if (namespace == null) {
      return;
    }
    DeclarationPath path = DeclarationPath.action(s, a).member("namespace");
    if (!seen.add(namespace)) {
      add(path, "Namespaces must be unique across the pipeline definition. The following occur more than once"
          + " in the pipeline. StageName=[" + stage.name() + "], ActionName=[" + action.name() + "], Namespace=["
          + namespace + "]");
    }
    if (producers.containsKey(namespace)) {
      add(path, "Namespace '" + namespace + "' of action '" + action.name() + "' in stage '" + stage.name()
          + "' is also the name of an artifact in the pipeline. Namespaces must not conflict with artifact names.");
    }
  }
}

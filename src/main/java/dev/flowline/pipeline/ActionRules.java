package dev.flowline.pipeline;

import static dev.flowline.pipeline.Violation.INVALID_ACTION;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Action-level rules (reference §4.3): the action type must be one this Flowline can run, its artifact
 * counts and required configuration must fit the type, compute-only fields stay on compute actions, and
 * cross-region actions are limited to the kinds AWS allows.
 */
final class ActionRules {
  private static final Pattern QUERYABLE_VALUE = Pattern.compile("[a-zA-Z0-9_-]{1,50}");

  private final PipelineDeclaration p;
  private final ActionTypeCatalog catalog;
  private final String pipelineRegion;
  private final List<Violation> out;

  ActionRules(PipelineDeclaration p, ActionTypeCatalog catalog, String pipelineRegion, List<Violation> out) {
    this.p = p;
    this.catalog = catalog;
    this.pipelineRegion = pipelineRegion;
    this.out = out;
  }

  void check() {
    List<StageDeclaration> stages = Declared.stages(p);
    for (int s = 0; s < stages.size(); s++) {
      List<ActionDeclaration> actions = Declared.actions(stages.get(s));
      for (int a = 0; a < actions.size(); a++) {
        action(actions.get(a), DeclarationPath.action(s, a));
      }
    }
  }

  private void add(DeclarationPath path, String message) {
    out.add(new Violation(path.dotted(), INVALID_ACTION, message));
  }

  private void action(ActionDeclaration action, DeclarationPath path) {
    String name = action.name();
    ActionTypeId id = action.actionTypeId();
    if (wellFormed(id)) {
      catalog.find(id).ifPresentOrElse(
          spec -> fitsType(action, spec, path),
          () -> add(path.member("actionTypeId"), unavailable(id, name)));
      if ("V1".equals(p.pipelineType()) && v2Only(id)) {
        add(path.member("actionTypeId"), id.provider() + " Action can only be used with V2 pipelines.");
      }
    }
    boolean compute = Declared.isCompute(action);
    if (compute && action.commandsOrEmpty().isEmpty()) {
      add(path.member("commands"), "Action " + name + " must have a non-empty commands field");
    }
    String computeOnly = "The following action cannot contain a commands field: " + name
        + ". To use the commands field, use a compute action.";
    if (!compute && action.commands() != null) {
      add(path.member("commands"), computeOnly);
    }
    if (!compute) {
      List<OutputArtifact> outputs = action.outputArtifactsOrEmpty();
      for (int i = 0; i < outputs.size(); i++) {
        if (outputs.get(i) != null && outputs.get(i).files() != null) {
          add(path.member("outputArtifacts").index(i).member("files"), computeOnly);
        }
      }
    }
    crossRegion(action, path);
  }

  private static boolean wellFormed(ActionTypeId id) {
    return id != null && id.category() != null && id.owner() != null && id.provider() != null
        && id.version() != null && ShapeConstraints.CATEGORIES.contains(id.category())
        && ShapeConstraints.OWNERS.contains(id.owner());
  }

  private boolean v2Only(ActionTypeId id) {
    return catalog.find(id).map(ActionTypeSpec::v2Only)
        .orElse(KnownActionTypes.V2_ONLY_PROVIDERS.contains(id.provider()) && "AWS".equals(id.owner()));
  }

  private String unavailable(ActionTypeId id, String actionName) {
    Optional<ActionTypeSpec> known = KnownActionTypes.find(id);
    if (known.isEmpty()) {
      return KnownActionTypes.notAvailableMessage(id, actionName, pipelineRegion);
    }
    String runnable = catalog.all().stream()
        .map(ActionTypeSpec::id)
        .filter(other -> Objects.equals(other.category(), id.category()))
        .map(ActionTypeId::topic)
        .sorted()
        .collect(Collectors.joining(", "));
    return KnownActionTypes.describe(id) + " in action '" + actionName + "' is an AWS CodePipeline action type"
        + " that this Flowline cannot run: no executor is installed for it. "
        + (runnable.isEmpty()
            ? "This Flowline runs no " + id.category() + " action types."
            : id.category() + " action types this Flowline runs: " + runnable + ".");
  }

  private void fitsType(ActionDeclaration action, ActionTypeSpec spec, DeclarationPath path) {
    String name = action.name();
    int inputs = action.inputArtifactsOrEmpty().size();
    int outputs = action.outputArtifactsOrEmpty().size();
    count(path.member("inputArtifacts"), name, "input", inputs, spec.minInputArtifacts(), spec.maxInputArtifacts());
    count(path.member("outputArtifacts"), name, "output", outputs, spec.minOutputArtifacts(),
        spec.maxOutputArtifacts());
    Map<String, String> configuration = action.configurationOrEmpty();
    for (ActionTypeSpec.ConfigurationProperty property : spec.configurationProperties()) {
      if (property.required() && !configuration.containsKey(property.name())) {
        add(path.member("configuration"), "Action configuration for action '" + name
            + "' is missing required configuration '" + property.name() + "'");
      }
      String value = configuration.get(property.name());
      if (property.queryable() && value != null && !QUERYABLE_VALUE.matcher(value).matches()) {
        add(path.member("configuration"), "Action configuration for action '" + name + "': the value of queryable"
            + " configuration '" + property.name() + "' must be 1 to 50 characters of [a-zA-Z0-9_-]");
      }
    }
    if ("Custom".equals(spec.id().owner())) {
      // a custom type's definition is complete (built-in ones list only the keys validation needs)
      Set<String> declared = spec.configurationProperties().stream()
          .map(ActionTypeSpec.ConfigurationProperty::name).collect(Collectors.toSet());
      configuration.keySet().stream().filter(key -> !declared.contains(key)).sorted().forEach(key ->
          add(path.member("configuration"), "Action configuration for action '" + name
              + "' contains unknown configuration '" + key + "'"));
    }
  }

  private void count(DeclarationPath path, String action, String kind, int count, int min, int max) {
    if (count < min) {
      add(path, "Action " + action + " declares " + count + " " + kind
          + " artifacts which is less than the minimum count (" + min + ")");
    } else if (count > max) {
      add(path, "Action " + action + " declares " + count + " " + kind
          + " artifacts which is greater than the maximum count (" + max + ")");
    }
  }

  private void crossRegion(ActionDeclaration action, DeclarationPath path) {
    String region = action.region();
    ActionTypeId id = action.actionTypeId();
    if (region == null || region.equals(pipelineRegion) || id == null) {
      return;
    }
    String kind = Declared.isSource(action) ? "source actions"
        : "ThirdParty".equals(id.owner()) ? "ThirdParty actions"
        : "Custom".equals(id.owner()) ? "Custom actions"
        : null;
    if (kind != null) {
      add(path.member("region"), "Action '" + action.name() + "' cannot run in region '" + region
          + "': cross-region actions are not supported for " + kind + ". Remove 'region' to run it in the"
          + " pipeline's region (" + pipelineRegion + ").");
    }
  }
}

package dev.flowline.actions;

import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every action type this Flowline runs, keyed by {@link ActionTypeId}: the ones served by an
 * {@link ActionExecutor} and the ones the engine handles itself (the manual approval). Built once at
 * startup; two providers of the same type are a configuration error and fail the build of the registry.
 * Validation asks it (as the {@link ActionTypeCatalog}) so an unknown provider is refused at CreatePipeline.
 */
public final class ActionExecutorRegistry implements ActionTypeCatalog {

  private final Map<ActionTypeId, ActionTypeSpec> specs;
  private final Map<ActionTypeId, ActionExecutor> executors;

  public ActionExecutorRegistry(List<ActionExecutor> executors, List<ActionTypeSpec> engineHandledTypes) {
    Map<ActionTypeId, ActionTypeSpec> specs = new LinkedHashMap<>();
    Map<ActionTypeId, Object> providers = new LinkedHashMap<>();
    Map<ActionTypeId, ActionExecutor> byType = new LinkedHashMap<>();
    for (ActionExecutor executor : executors) {
      register(specs, providers, executor.type(), executor.getClass().getName());
      byType.put(executor.type().id(), executor);
    }
    for (ActionTypeSpec spec : engineHandledTypes) {
      register(specs, providers, spec, "the engine");
    }
    List<ActionTypeSpec> sorted = specs.values().stream()
        .sorted(Comparator.comparing(spec -> spec.id().topic())).toList();
    this.specs = new LinkedHashMap<>();
    sorted.forEach(spec -> this.specs.put(spec.id(), spec));
    this.executors = Map.copyOf(byType);
  }

  private static void register(Map<ActionTypeId, ActionTypeSpec> specs, Map<ActionTypeId, Object> providers,
      ActionTypeSpec spec, String provider) {
    Object existing = providers.putIfAbsent(spec.id(), provider);
    if (existing != null) {
      throw new IllegalStateException("Action type " + spec.id().topic() + " is provided twice: by "
          + existing + " and by " + provider);
    }
    specs.put(spec.id(), spec);
  }

  /** The executor for {@code id}; empty for an unknown type and for types the engine handles itself. */
  public Optional<ActionExecutor> executor(ActionTypeId id) {
    return Optional.ofNullable(executors.get(id));
  }

  @Override
  public Optional<ActionTypeSpec> find(ActionTypeId id) {
    return Optional.ofNullable(specs.get(id));
  }

  /** All known types, ordered by topic. */
  @Override
  public Collection<ActionTypeSpec> all() {
    return List.copyOf(specs.values());
  }
}

package dev.flowline.actions.custom;

import dev.flowline.actions.ActionExecutorRegistry;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every action type a pipeline may use: the built-in ones of the {@link ActionExecutorRegistry} and the live
 * custom types. A custom type is read from the database on each look-up, so a type created or deleted on any
 * node is seen by every node at once.
 */
public final class ActionTypes implements ActionTypeCatalog {

  private final ActionExecutorRegistry builtIn;
  private final CustomActionTypes custom;

  public ActionTypes(ActionExecutorRegistry builtIn, CustomActionTypes custom) {
    this.builtIn = builtIn;
    this.custom = custom;
  }

  @Override
  public Optional<ActionTypeSpec> find(ActionTypeId id) {
    Optional<ActionTypeSpec> known = builtIn.find(id);
    if (known.isPresent() || id == null || !"Custom".equals(id.owner())) {
      return known;
    }
    return custom.find(id).map(CustomActionType::spec);
  }

  @Override
  public Collection<ActionTypeSpec> all() {
    List<ActionTypeSpec> all = new ArrayList<>(builtIn.all());
    custom.all().forEach(type -> all.add(type.spec()));
    all.sort(Comparator.comparing(spec -> spec.id().topic()));
    return all;
  }
}

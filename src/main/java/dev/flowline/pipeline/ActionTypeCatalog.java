package dev.flowline.pipeline;

import java.util.Collection;
import java.util.Optional;

/** The action types this Flowline can run (an executor exists for each). */
public interface ActionTypeCatalog {
  Optional<ActionTypeSpec> find(ActionTypeId id);

  Collection<ActionTypeSpec> all();
}

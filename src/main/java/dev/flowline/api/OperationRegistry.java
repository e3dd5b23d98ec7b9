package dev.flowline.api;

import dev.flowline.api.model.ServiceModel;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The {@link OperationHandler} beans of one service (those whose {@link OperationHandler#service()} is the
 * model's signing name), keyed by operation name. Fails at startup when a handler names an operation the
 * service model does not have, or two handlers claim the same operation.
 */
@Component
class OperationRegistry {

  private final Map<String, OperationHandler> handlers;

  @Autowired
  OperationRegistry(List<OperationHandler> handlers, ServiceModel model) {
    this(handlers, model, model.signingName());
  }

  /**
   * The handlers of {@code handlerService} serving {@code model}: a service known under a second name (CodeStar
   * connections is also {@code codeconnections}) is served by the same handlers.
   */
  OperationRegistry(List<OperationHandler> handlers, ServiceModel model, String handlerService) {
    Map<String, OperationHandler> byName = new TreeMap<>();
    for (OperationHandler handler : handlers) {
      if (!handler.service().equals(handlerService)) {
        continue;
      }
      if (model.operation(handler.name()).isEmpty()) {
        throw new IllegalStateException(handler.getClass().getName() + " handles '" + handler.name()
            + "', which is not a " + model.targetPrefix() + " operation");
      }
      OperationHandler previous = byName.put(handler.name(), handler);
      if (previous != null) {
        throw new IllegalStateException("Two handlers for " + handler.name() + ": "
            + previous.getClass().getName() + " and " + handler.getClass().getName());
      }
    }
    this.handlers = Collections.unmodifiableMap(byName);
  }

  Optional<OperationHandler> handler(String operation) {
    return Optional.ofNullable(handlers.get(operation));
  }

  /** The operations Flowline implements, sorted. */
  Set<String> implemented() {
    return handlers.keySet();
  }
}

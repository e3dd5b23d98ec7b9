package dev.flowline.api.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.connections.ConnectionStore;
import java.util.Map;
import org.springframework.stereotype.Component;

/** DeleteHost: refused (ResourceUnavailableException) while connections go through it. */
@Component
class DeleteHostHandler extends ConnectionsOperation {

  DeleteHostHandler(ConnectionStore store) {
    super(store);
  }

  @Override
  public String name() {
    return "DeleteHost";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    store.deleteHost(text(input, "HostArn"));
    return Map.of();
  }
}

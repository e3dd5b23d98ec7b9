package dev.flowline.api.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.connections.ConnectionStore;
import java.util.Map;
import org.springframework.stereotype.Component;

/** ListHosts: by creation, in pages of MaxResults (default 100). */
@Component
class ListHostsHandler extends ConnectionsOperation {

  ListHostsHandler(ConnectionStore store) {
    super(store);
  }

  @Override
  public String name() {
    return "ListHosts";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    return ConnectionsPage.<Map<String, Object>>of(store.hosts().stream().map(h -> ConnectionViews.host(h, true))
        .toList(), input, "hosts").output("Hosts");
  }
}

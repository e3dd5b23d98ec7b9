package dev.flowline.api.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.connections.ConnectionStore;
import java.util.Map;
import org.springframework.stereotype.Component;

/** ListConnections: by creation, filtered by provider type and host, in pages of MaxResults (default 100). */
@Component
class ListConnectionsHandler extends ConnectionsOperation {

  ListConnectionsHandler(ConnectionStore store) {
    super(store);
  }

  @Override
  public String name() {
    return "ListConnections";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    ConnectionsPage<Map<String, Object>> page = ConnectionsPage.of(store.connections(
        providerType(input, "ProviderTypeFilter"), text(input, "HostArnFilter")).stream()
        .map(ConnectionViews::connection).toList(), input, "connections");
    return page.output("Connections");
  }
}

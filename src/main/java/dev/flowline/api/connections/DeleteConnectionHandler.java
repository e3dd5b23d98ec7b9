package dev.flowline.api.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.connections.ConnectionStore;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * DeleteConnection: the connection, its token and its tags are gone; a source action that still names it fails
 * saying so.
 */
@Component
class DeleteConnectionHandler extends ConnectionsOperation {

  DeleteConnectionHandler(ConnectionStore store) {
    super(store);
  }

  @Override
  public String name() {
    return "DeleteConnection";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    store.deleteConnection(text(input, "ConnectionArn"));
    return Map.of();
  }
}

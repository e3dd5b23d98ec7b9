package dev.flowline.api.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.connections.ConnectionStore;
import java.util.Map;
import org.springframework.stereotype.Component;

/** GetConnection: the connection without its token; ResourceNotFoundException for an unknown ARN. */
@Component
class GetConnectionHandler extends ConnectionsOperation {

  GetConnectionHandler(ConnectionStore store) {
    super(store);
  }

  @Override
  public String name() {
    return "GetConnection";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    return Map.of("Connection", ConnectionViews.connection(store.requireConnection(text(input, "ConnectionArn"))));
  }
}

package dev.flowline.api.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.connections.ConnectionStore;
import org.springframework.stereotype.Component;

/** GetHost: name, status, provider type and endpoint (and the VpcConfiguration as given). */
@Component
class GetHostHandler extends ConnectionsOperation {

  GetHostHandler(ConnectionStore store) {
    super(store);
  }

  @Override
  public String name() {
    return "GetHost";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    return ConnectionViews.host(store.requireHost(text(input, "HostArn")), false);
  }
}

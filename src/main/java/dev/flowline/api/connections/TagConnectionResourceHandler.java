package dev.flowline.api.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.connections.ConnectionStore;
import java.util.Map;
import org.springframework.stereotype.Component;

/** TagResource on a connection or host: adds or overwrites tags, at most 50 per resource. */
@Component
class TagConnectionResourceHandler extends ConnectionsOperation {

  TagConnectionResourceHandler(ConnectionStore store) {
    super(store);
  }

  @Override
  public String name() {
    return "TagResource";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    store.tag(text(input, "ResourceArn"), tags(input));
    return Map.of();
  }
}

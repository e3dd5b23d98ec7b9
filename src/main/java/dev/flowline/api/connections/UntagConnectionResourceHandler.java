package dev.flowline.api.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.connections.ConnectionStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** UntagResource on a connection or host: removes the keys given; unknown keys are no error. */
@Component
class UntagConnectionResourceHandler extends ConnectionsOperation {

  UntagConnectionResourceHandler(ConnectionStore store) {
    super(store);
  }

  @Override
  public String name() {
    return "UntagResource";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    List<String> keys = new ArrayList<>();
    input.path("TagKeys").forEach(key -> keys.add(key.asText()));
    store.untag(text(input, "ResourceArn"), keys);
    return Map.of();
  }
}

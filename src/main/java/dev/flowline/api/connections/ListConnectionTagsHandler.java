package dev.flowline.api.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.connections.ConnectionStore;
import java.util.Map;
import org.springframework.stereotype.Component;

/** ListTagsForResource on a connection or host, by key. */
@Component
class ListConnectionTagsHandler extends ConnectionsOperation {

  ListConnectionTagsHandler(ConnectionStore store) {
    super(store);
  }

  @Override
  public String name() {
    return "ListTagsForResource";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    return Map.of("Tags", tagList(store.tags(text(input, "ResourceArn"))));
  }
}

package dev.flowline.api.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.connections.Connection;
import dev.flowline.connections.ConnectionStore;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * CreateConnection: a PENDING connection to a provider, or to a self-managed one through {@code HostArn}. On AWS
 * a person completes it in the console's handshake; on Flowline it becomes AVAILABLE once it is given a token
 * ({@code PUT /flowline/connections/{id}/token}, docs/connections.md). Its ARN has the prefix of the service name
 * it was created through ({@code codeconnections} or {@code codestar-connections}), as on AWS.
 */
@Component
class CreateConnectionHandler extends ConnectionsOperation {

  CreateConnectionHandler(ConnectionStore store) {
    super(store);
  }

  @Override
  public String name() {
    return "CreateConnection";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    Connection created = store.createConnection(text(input, "ConnectionName"), providerType(input, "ProviderType"),
        text(input, "HostArn"), tags(input), calledAs(context));
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("ConnectionArn", created.arn());
    if (input.has("Tags")) {
      output.put("Tags", tagList(store.tags(created.arn())));
    }
    return output;
  }
}

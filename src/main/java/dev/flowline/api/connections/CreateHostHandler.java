package dev.flowline.api.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.connections.ConnectionStore;
import dev.flowline.connections.Host;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * CreateHost: where a GitHubEnterpriseServer or GitLabSelfManaged installation is reached
 * ({@code ProviderEndpoint}, an http(s) URL). Connections created with its ARN fetch from there.
 */
@Component
class CreateHostHandler extends ConnectionsOperation {

  CreateHostHandler(ConnectionStore store) {
    super(store);
  }

  @Override
  public String name() {
    return "CreateHost";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    Host host = store.createHost(text(input, "Name"), providerType(input, "ProviderType"),
        text(input, "ProviderEndpoint"), ConnectionViews.vpcJson(input.path("VpcConfiguration")), tags(input),
        calledAs(context));
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("HostArn", host.arn());
    if (input.has("Tags")) {
      output.put("Tags", tagList(store.tags(host.arn())));
    }
    return output;
  }
}

package dev.flowline.api.connections;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.connections.Connection;
import dev.flowline.connections.Host;
import java.util.LinkedHashMap;
import java.util.Map;

/** Connections and hosts in the service's output shapes ({@code Connection}, {@code Host}, GetHost's). */
final class ConnectionViews {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConnectionViews() {}

  static Map<String, Object> connection(Connection connection) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("ConnectionName", connection.name());
    view.put("ConnectionArn", connection.arn());
    view.put("ProviderType", connection.providerType().name());
    view.put("OwnerAccountId", connection.ownerAccountId());
    view.put("ConnectionStatus", connection.status());
    if (connection.hostArn() != null) {
      view.put("HostArn", connection.hostArn());
    }
    return view;
  }

  static Map<String, Object> host(Host host, boolean withArn) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("Name", host.name());
    if (withArn) {
      view.put("HostArn", host.arn());
    }
    view.put("ProviderType", host.providerType().name());
    view.put("ProviderEndpoint", host.providerEndpoint());
    if (host.vpcConfiguration() != null) {
      view.put("VpcConfiguration", vpc(host.vpcConfiguration()));
    }
    view.put("Status", host.status());
    return view;
  }

  static String vpcJson(JsonNode vpc) {
    return vpc == null || vpc.isMissingNode() || vpc.isNull() ? null : vpc.toString();
  }

  private static JsonNode vpc(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored VpcConfiguration is not JSON", e);
    }
  }
}

package dev.flowline.api.connections;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.api.OperationHandler;
import dev.flowline.connections.ConnectionStore;
import dev.flowline.connections.ConnectionsService;
import dev.flowline.connections.ConnectionStore.Tag;
import dev.flowline.connections.ProviderType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plumbing every CodeStar connections operation shares: the service it belongs to (signing name
 * {@code codestar-connections}; the same handlers answer {@code codeconnections}, and what they create carries the
 * name it was called by in its ARN), the store, and reading members. The service model has checked types, lengths
 * and enums before a handler runs.
 */
abstract class ConnectionsOperation implements OperationHandler {
  static final String SERVICE = "codestar-connections";

  final ConnectionStore store;

  ConnectionsOperation(ConnectionStore store) {
    this.store = store;
  }

  @Override
  public String service() {
    return SERVICE;
  }

  /** The name the caller used: a connection or host created in this call gets its ARN prefix. */
  static ConnectionsService calledAs(CallContext context) {
    return ConnectionsService.of(context.signingName());
  }

  static String text(JsonNode input, String member) {
    JsonNode value = input.path(member);
    return value.isTextual() ? value.asText() : null;
  }

  static ProviderType providerType(JsonNode input, String member) {
    String name = text(input, member);
    return name == null ? null : ProviderType.of(name).orElse(null);
  }

  static List<Tag> tags(JsonNode input) {
    List<Tag> tags = new ArrayList<>();
    input.path("Tags").forEach(tag -> tags.add(new Tag(tag.path("Key").asText(), tag.path("Value").asText())));
    return tags;
  }

  static List<Map<String, String>> tagList(List<Tag> tags) {
    return tags.stream().map(t -> {
      Map<String, String> tag = new LinkedHashMap<>();
      tag.put("Key", t.key());
      tag.put("Value", t.value());
      return tag;
    }).toList();
  }
}

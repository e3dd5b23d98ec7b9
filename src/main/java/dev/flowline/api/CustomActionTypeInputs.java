package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.actions.custom.CustomActionType;
import dev.flowline.actions.custom.CustomActionTypes;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads and checks a custom action type from CreateCustomActionType's input. */
final class CustomActionTypeInputs {

  static final String CUSTOM = "Custom";

  private CustomActionTypeInputs() {}

  /** An {@code ActionTypeId} member: category, owner, provider, version. */
  static ActionTypeId actionTypeId(JsonNode node) {
    return ActionTypeId.of(Inputs.text(node, "category"), Inputs.text(node, "owner"), Inputs.text(node, "provider"),
        Inputs.text(node, "version"));
  }

  static String describe(ActionTypeId id) {
    return "ActionType (Category: '" + id.category() + "', Provider: '" + id.provider() + "', Owner: '" + id.owner()
        + "', Version: '" + id.version() + "')";
  }

  /** CreateCustomActionType's members. */
  static CustomActionType fromCreate(JsonNode input) {
    ActionTypeId id = ActionTypeId.of(Inputs.text(input, "category"), CUSTOM, Inputs.text(input, "provider"),
        Inputs.text(input, "version"));
    List<ConfigurationProperty> properties = new ArrayList<>();
    input.path("configurationProperties").forEach(p -> properties.add(new ConfigurationProperty(
        Inputs.text(p, "name"), Inputs.bool(p, "required"), Inputs.bool(p, "key"), Inputs.bool(p, "secret"),
        Inputs.bool(p, "queryable"), Inputs.text(p, "description"),
        p.hasNonNull("type") ? p.get("type").asText() : "String")));
    JsonNode settings = input.path("settings");
    return checked(new CustomActionType(spec(id, input.path("inputArtifactDetails"),
        input.path("outputArtifactDetails"), properties, CustomActionTypes.DEFAULT_TIMEOUT),
        new CustomActionType.Settings(Inputs.text(settings, "thirdPartyConfigurationUrl"),
            Inputs.text(settings, "entityUrlTemplate"), Inputs.text(settings, "executionUrlTemplate"),
            Inputs.text(settings, "revisionUrlTemplate"))));
  }

  private static ActionTypeSpec spec(ActionTypeId id, JsonNode in, JsonNode out, List<ConfigurationProperty> properties,
      Duration timeout) {
    return new ActionTypeSpec(id, in.path("minimumCount").asInt(), in.path("maximumCount").asInt(),
        out.path("minimumCount").asInt(), out.path("maximumCount").asInt(), List.copyOf(properties), false, timeout);
  }

  /** CodePipeline's rules for a custom type's properties and artifact counts. */
  static CustomActionType checked(CustomActionType type) {
    ActionTypeSpec spec = type.spec();
    if (spec.minInputArtifacts() > spec.maxInputArtifacts()) {
      throw ApiException.validation("inputArtifactDetails.minimumCount (" + spec.minInputArtifacts()
          + ") must not exceed maximumCount (" + spec.maxInputArtifacts() + ")");
    }
    if (spec.minOutputArtifacts() > spec.maxOutputArtifacts()) {
      throw ApiException.validation("outputArtifactDetails.minimumCount (" + spec.minOutputArtifacts()
          + ") must not exceed maximumCount (" + spec.maxOutputArtifacts() + ")");
    }
    Set<String> names = new HashSet<>();
    int queryable = 0;
    for (ConfigurationProperty property : spec.configurationProperties()) {
      if (!names.add(property.name())) {
        throw ApiException.validation("Configuration property '" + property.name() + "' is declared twice");
      }
      if (property.queryable()) {
        queryable++;
        if (!property.required() || property.secret()) {
          throw ApiException.validation("Configuration property '" + property.name() + "' is queryable, so it must"
              + " be required and not secret");
        }
      }
    }
    if (queryable > 1) {
      throw ApiException.validation("An action type can have at most one queryable configuration property, found "
          + queryable);
    }
    return type;
  }
}

package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.actions.custom.CustomActionType;
import dev.flowline.actions.custom.CustomActionTypes;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/** ListActionTypes: the action types this Flowline can run, optionally of one owner. */
@Component
class ListActionTypesHandler implements OperationHandler {

  static final int PAGE_SIZE = 100;

  private final ActionTypeCatalog catalog;
  private final CustomActionTypes custom;

  ListActionTypesHandler(ActionTypeCatalog catalog, CustomActionTypes custom) {
    this.catalog = catalog;
    this.custom = custom;
  }

  record Output(List<ActionType> actionTypes, String nextToken) {}

  record ActionType(ActionTypeId id, CustomActionType.Settings settings,
      List<ConfigurationProperty> actionConfigurationProperties, ArtifactDetails inputArtifactDetails,
      ArtifactDetails outputArtifactDetails) {

    static ActionType of(ActionTypeSpec spec, CustomActionType.Settings settings) {
      return new ActionType(spec.id(), settings,
          spec.configurationProperties().stream().map(ConfigurationProperty::of).toList(),
          new ArtifactDetails(spec.minInputArtifacts(), spec.maxInputArtifacts()),
          new ArtifactDetails(spec.minOutputArtifacts(), spec.maxOutputArtifacts()));
    }
  }

  record ConfigurationProperty(String name, boolean required, boolean key, boolean secret, boolean queryable,
      String description, String type) {

    static ConfigurationProperty of(ActionTypeSpec.ConfigurationProperty property) {
      return new ConfigurationProperty(property.name(), property.required(), property.key(), property.secret(),
          property.queryable(), property.description(), property.type());
    }
  }

  record ArtifactDetails(int minimumCount, int maximumCount) {}

  @Override
  public String name() {
    return "ListActionTypes";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String owner = Inputs.text(input, "actionOwnerFilter");
    String fingerprint = Paging.fingerprint(name(), owner);
    int offset = Paging.offset(Inputs.text(input, "nextToken"), fingerprint);
    List<ActionType> all = catalog.all().stream()
        .filter(spec -> owner == null || owner.equals(spec.id().owner()))
        .sorted(Comparator.comparing(spec -> spec.id().topic()))
        .map(spec -> ActionType.of(spec, settings(spec.id())))
        .toList();
    Paging.Page<ActionType> page = Paging.pageOf(all, offset, PAGE_SIZE, fingerprint);
    return new Output(page.items(), page.nextToken());
  }

  private CustomActionType.Settings settings(ActionTypeId id) {
    if (!CustomActionTypeInputs.CUSTOM.equals(id.owner())) {
      return null;
    }
    return custom.find(id).map(CustomActionType::settings).filter(s -> !s.equals(CustomActionType.Settings.NONE))
        .orElse(null);
  }
}

package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.actions.custom.CustomActionType;
import dev.flowline.actions.custom.CustomActionTypes;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.CodePipelineException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * GetActionType: one action type as an {@code ActionTypeDeclaration}. Flowline runs every type with its own
 * job workers, so the executor is reported as {@code JobWorker}. A custom type also shows what UpdateActionType
 * gave it: description, polling accounts and service principals, job timeout, permissions and urls.
 */
@Component
class GetActionTypeHandler implements OperationHandler {

  private final ActionTypeCatalog catalog;
  private final CustomActionTypes custom;

  GetActionTypeHandler(ActionTypeCatalog catalog, CustomActionTypes custom) {
    this.catalog = catalog;
    this.custom = custom;
  }

  record Declaration(String description, Executor executor, ActionTypeId id, ArtifactDetails inputArtifactDetails,
      ArtifactDetails outputArtifactDetails, Permissions permissions, List<Property> properties, Urls urls) {}

  record Executor(Map<String, Object> configuration, String type, Integer jobTimeout) {}

  record ArtifactDetails(int minimumCount, int maximumCount) {}

  record Property(String name, boolean optional, boolean key, boolean noEcho, boolean queryable, String description) {}

  record Permissions(List<String> allowedAccounts) {}

  record Urls(String configurationUrl, String entityUrlTemplate, String executionUrlTemplate,
      String revisionUrlTemplate) {}

  @Override
  public String name() {
    return "GetActionType";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    ActionTypeId id = ActionTypeId.of(Inputs.text(input, "category"), Inputs.text(input, "owner"),
        Inputs.text(input, "provider"), Inputs.text(input, "version"));
    ActionTypeSpec spec = catalog.find(id).orElseThrow(() -> new CodePipelineException("ActionTypeNotFoundException",
        "ActionType (Category: '" + id.category() + "', Provider: '" + id.provider() + "', Owner: '" + id.owner()
            + "', Version: '" + id.version() + "') cannot be found"));
    CustomActionType type = CustomActionTypeInputs.CUSTOM.equals(id.owner()) ? custom.find(id).orElse(null) : null;
    CustomActionType.Declaration extra = type == null ? null : type.declaration();
    Map<String, Object> jobWorker = new LinkedHashMap<>();
    if (extra != null && extra.pollingAccounts() != null) {
      jobWorker.put("pollingAccounts", extra.pollingAccounts());
    }
    if (extra != null && extra.pollingServicePrincipals() != null) {
      jobWorker.put("pollingServicePrincipals", extra.pollingServicePrincipals());
    }
    Declaration declaration = new Declaration(
        extra == null ? null : extra.description(),
        new Executor(Map.of("jobWorkerExecutorConfiguration", jobWorker), "JobWorker",
            extra == null ? null : extra.jobTimeout()),
        spec.id(),
        new ArtifactDetails(spec.minInputArtifacts(), spec.maxInputArtifacts()),
        new ArtifactDetails(spec.minOutputArtifacts(), spec.maxOutputArtifacts()),
        extra == null || extra.allowedAccounts() == null ? null : new Permissions(extra.allowedAccounts()),
        spec.configurationProperties().stream()
            .map(p -> new Property(p.name(), !p.required(), p.key(), p.secret(), p.queryable(), p.description()))
            .toList(),
        urls(type));
    return Map.of("actionType", declaration);
  }

  private static Urls urls(CustomActionType type) {
    if (type == null || type.settings() == null || type.settings().equals(CustomActionType.Settings.NONE)) {
      return null;
    }
    CustomActionType.Settings s = type.settings();
    return new Urls(s.thirdPartyConfigurationUrl(), s.entityUrlTemplate(), s.executionUrlTemplate(),
        s.revisionUrlTemplate());
  }
}

package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.CodePipelineException;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * GetActionType: one action type as an {@code ActionTypeDeclaration}. Flowline runs every type with its own
 * job workers, so the executor is reported as {@code JobWorker}.
 */
@Component
class GetActionTypeHandler implements OperationHandler {

  private final ActionTypeCatalog catalog;

  GetActionTypeHandler(ActionTypeCatalog catalog) {
    this.catalog = catalog;
  }

  record Declaration(Executor executor, ActionTypeId id, ArtifactDetails inputArtifactDetails,
      ArtifactDetails outputArtifactDetails, List<Property> properties) {}

  record Executor(Map<String, Object> configuration, String type) {}

  record ArtifactDetails(int minimumCount, int maximumCount) {}

  record Property(String name, boolean optional, boolean key, boolean noEcho, boolean queryable, String description) {}

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
    Declaration declaration = new Declaration(
        new Executor(Map.of("jobWorkerExecutorConfiguration", Map.of()), "JobWorker"),
        spec.id(),
        new ArtifactDetails(spec.minInputArtifacts(), spec.maxInputArtifacts()),
        new ArtifactDetails(spec.minOutputArtifacts(), spec.maxOutputArtifacts()),
        spec.configurationProperties().stream()
            .map(p -> new Property(p.name(), !p.required(), p.key(), p.secret(), p.queryable(), p.description()))
            .toList());
    return Map.of("actionType", declaration);
  }
}

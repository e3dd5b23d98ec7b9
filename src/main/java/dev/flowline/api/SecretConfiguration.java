package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDeclaration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Secret action configuration (properties the action type marks {@code secret}, such as GitHub's
 * {@code OAuthToken}) as CodePipeline shows it: masked as {@code ****} in every declaration the API returns;
 * and an UpdatePipeline that sends {@code ****} back keeps the stored value of the same stage, action and key.
 */
@Component
class SecretConfiguration {

  static final String MASK = "****";

  private final ActionTypeCatalog catalog;

  SecretConfiguration(ActionTypeCatalog catalog) {
    this.catalog = catalog;
  }

  /** The declaration as JSON, secret configuration values replaced by {@code ****}. */
  JsonNode masked(PipelineDeclaration declaration) {
    JsonNode tree = PipelineCodec.toTree(declaration);
    forEachSecret(tree, (stage, action, configuration, key) -> configuration.put(key, MASK));
    return tree;
  }

  /** Puts the stored values back where an update sends {@code ****} for a secret key. */
  void restoreMasked(JsonNode pipeline, PipelineDeclaration stored) {
    JsonNode previous = PipelineCodec.toTree(stored);
    forEachSecret(pipeline, (stage, action, configuration, key) -> {
      if (MASK.equals(configuration.path(key).asText())) {
        JsonNode old = findAction(previous, stage, action).path("configuration").path(key);
        if (old.isTextual()) {
          configuration.put(key, old.asText());
        }
      }
    });
  }

  private interface SecretVisitor {
    void visit(String stage, String action, ObjectNode configuration, String key);
  }

  private void forEachSecret(JsonNode pipeline, SecretVisitor visitor) {
    for (JsonNode stage : pipeline.path("stages")) {
      for (JsonNode action : stage.path("actions")) {
        if (!(action.get("configuration") instanceof ObjectNode configuration)) {
          continue;
        }
        Set<String> secrets = secretKeys(action.path("actionTypeId"));
        for (Iterator<Map.Entry<String, JsonNode>> it = configuration.fields(); it.hasNext(); ) {
          String key = it.next().getKey();
          if (secrets.contains(key)) {
            visitor.visit(stage.path("name").asText(), action.path("name").asText(), configuration, key);
          }
        }
      }
    }
  }

  private Set<String> secretKeys(JsonNode typeId) {
    ActionTypeId id = ActionTypeId.of(typeId.path("category").asText(), typeId.path("owner").asText(),
        typeId.path("provider").asText(), typeId.path("version").asText());
    return catalog.find(id).map(ActionTypeSpec::configurationProperties).orElse(List.of()).stream()
        .filter(ActionTypeSpec.ConfigurationProperty::secret)
        .map(ActionTypeSpec.ConfigurationProperty::name)
        .collect(Collectors.toSet());
  }

  private static JsonNode findAction(JsonNode pipeline, String stageName, String actionName) {
    for (JsonNode stage : pipeline.path("stages")) {
      if (stage.path("name").asText().equals(stageName)) {
        for (JsonNode action : stage.path("actions")) {
          if (action.path("name").asText().equals(actionName)) {
            return action;
          }
        }
      }
    }
    return MissingNode.getInstance();
  }
}

package dev.flowline.actions.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.actions.InputFiles.InvalidFileReference;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/**
 * The blue/green action's {@code taskdef.json}: a RegisterTaskDefinition input in ECS's JSON (as
 * {@code aws ecs describe-task-definition} prints a task definition), read into the SDK's request.
 *
 * <p>The SDK v2 has no public reader for its models' JSON, but each model's serializable builder
 * ({@code serializableBuilderClass()}) has one bean setter per member, named as in the service's JSON; Jackson
 * fills it. Fields ECS sets itself ({@code taskDefinitionArn}, {@code revision}, {@code status},
 * {@code registeredAt}, ...) are ignored, as CodePipeline ignores them in a template copied from the console.
 */
final class TaskDefinitionTemplate {

  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private TaskDefinitionTemplate() {}

  /** @param key the configuration key the file was named by, for messages */
  static RegisterTaskDefinitionRequest parse(String key, String fileName, String text) throws InvalidFileReference {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidFileReference(key + ": " + fileName + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidFileReference(key + ": " + fileName + " must be a JSON object (a task definition)");
    }
    JsonNode definition = root.has("taskDefinition") && root.get("taskDefinition").isObject()
        ? root.get("taskDefinition") : root;
    RegisterTaskDefinitionRequest request;
    try {
      request = JSON.treeToValue(definition, RegisterTaskDefinitionRequest.serializableBuilderClass()).build();
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new InvalidFileReference(key + ": " + fileName + " is not a task definition: "
          + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
    }
    if (request.family() == null || request.family().isBlank()) {
      throw new InvalidFileReference(key + ": " + fileName + " names no \"family\"");
    }
    if (!request.hasContainerDefinitions() || request.containerDefinitions().isEmpty()) {
      throw new InvalidFileReference(key + ": " + fileName + " has no \"containerDefinitions\"");
    }
    return request;
  }
}

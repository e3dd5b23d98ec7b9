package dev.flowline.codecommit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.api.OperationHandler;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * CreateRepository: an empty hosted repository; {@code tags} and {@code kmsKeyId} are accepted and not kept
 * (repositories on Flowline's disk are not KMS-encrypted).
 */
@Component
class CreateRepositoryHandler implements OperationHandler {
  private final HostedRepositories repositories;

  CreateRepositoryHandler(HostedRepositories repositories) {
    this.repositories = repositories;
  }

  @Override
  public String name() {
    return "CreateRepository";
  }

  @Override
  public String service() {
    return CodeCommitInputs.SERVICE;
  }

  @Override
  public void checkInput(JsonNode input) {
    CodeCommitInputs.repositoryName(input);
    CodeCommitErrors.checkRepositoryDescription(CodeCommitInputs.text(input, "repositoryDescription"));
    checkTags(input.path("tags"));
  }

  /** CodeCommit's tag rules, though the tags are not kept: a refused call must not depend on that. */
  private static void checkTags(JsonNode tags) {
    if (!tags.isObject()) {
      return;
    }
    if (tags.size() > 50) {
      throw CodeCommitInputs.refusal("TooManyTagsException", "A repository can have at most 50 tags.");
    }
    for (Map.Entry<String, JsonNode> tag : (Iterable<Map.Entry<String, JsonNode>>) tags::fields) {
      String key = tag.getKey();
      String value = tag.getValue().isTextual() ? tag.getValue().asText() : "";
      if (key.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
        throw CodeCommitInputs.refusal("InvalidSystemTagUsageException",
            "The tag key '" + key + "' is not valid: the prefix aws: is reserved for AWS.");
      }
      if (key.isEmpty() || key.length() > 128 || value.length() > 256
          || CodeCommitErrors.firstControlCharacter(key) >= 0 || CodeCommitErrors.firstControlCharacter(value) >= 0) {
        throw CodeCommitInputs.refusal("InvalidTagsMapException", "The map of tags is not valid: keys are 1-128 and "
            + "values at most 256 characters, without control characters.");
      }
    }
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    return Map.of("repositoryMetadata", repositories.create(CodeCommitInputs.repositoryName(input),
        CodeCommitInputs.text(input, "repositoryDescription")));
  }
}

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
    String description = CodeCommitInputs.text(input, "repositoryDescription");
    if (description != null && description.length() > 1000) {
      throw CodeCommitInputs.refusal("InvalidRepositoryDescriptionException",
          "The repository description is not valid: it can be at most 1000 characters long.");
    }
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    return Map.of("repositoryMetadata", repositories.create(CodeCommitInputs.repositoryName(input),
        CodeCommitInputs.text(input, "repositoryDescription")));
  }
}

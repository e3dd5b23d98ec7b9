package dev.flowline.codecommit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.api.OperationHandler;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * DeleteRepository: deletes the repository and its history and answers its id. As in CodeCommit, deleting a
 * repository that does not exist is no error: the answer simply has no {@code repositoryId}.
 */
@Component
class DeleteRepositoryHandler implements OperationHandler {
  private final HostedRepositories repositories;

  DeleteRepositoryHandler(HostedRepositories repositories) {
    this.repositories = repositories;
  }

  @Override
  public String name() {
    return "DeleteRepository";
  }

  @Override
  public String service() {
    return CodeCommitInputs.SERVICE;
  }

  @Override
  public void checkInput(JsonNode input) {
    CodeCommitInputs.repositoryName(input);
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    return repositories.delete(CodeCommitInputs.repositoryName(input))
        .<Object>map(id -> Map.of("repositoryId", id)).orElse(Map.of());
  }
}

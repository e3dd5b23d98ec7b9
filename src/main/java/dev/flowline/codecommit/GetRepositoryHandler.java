package dev.flowline.codecommit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.api.OperationHandler;
import java.util.Map;
import org.springframework.stereotype.Component;

/** GetRepository: the repository's metadata; RepositoryDoesNotExistException for an unknown name. */
@Component
class GetRepositoryHandler implements OperationHandler {
  private final HostedRepositories repositories;

  GetRepositoryHandler(HostedRepositories repositories) {
    this.repositories = repositories;
  }

  @Override
  public String name() {
    return "GetRepository";
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
    return Map.of("repositoryMetadata", repositories.get(CodeCommitInputs.repositoryName(input)));
  }
}

package dev.flowline.codecommit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.api.OperationHandler;
import java.util.Map;
import org.springframework.stereotype.Component;

/** GetBranch: the branch's name and the commit it points at. */
@Component
class GetBranchHandler implements OperationHandler {
  private final HostedRepositories repositories;

  GetBranchHandler(HostedRepositories repositories) {
    this.repositories = repositories;
  }

  @Override
  public String name() {
    return "GetBranch";
  }

  @Override
  public String service() {
    return CodeCommitInputs.SERVICE;
  }

  @Override
  public void checkInput(JsonNode input) {
    CodeCommitInputs.repositoryName(input);
    CodeCommitInputs.branchName(input);
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String repository = CodeCommitInputs.repositoryName(input);
    String branch = CodeCommitInputs.branchName(input);
    String commitId = repositories.branchHead(repository, branch)
        .orElseThrow(() -> CodeCommitErrors.branchDoesNotExist(repository, branch));
    return Map.of("branch", Map.of("branchName", branch, "commitId", commitId));
  }
}

package dev.flowline.codecommit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.api.OperationHandler;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** ListBranches: the repository's branch names in name order, 1000 to a page. */
@Component
class ListBranchesHandler implements OperationHandler {
  private final HostedRepositories repositories;

  ListBranchesHandler(HostedRepositories repositories) {
    this.repositories = repositories;
  }

  @Override
  public String name() {
    return "ListBranches";
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
    String repository = CodeCommitInputs.repositoryName(input);
    CodeCommitInputs.Page<String> page = CodeCommitInputs.page(repositories.branches(repository),
        CodeCommitInputs.text(input, "nextToken"), "branches/" + repository, ListRepositoriesHandler.PAGE_SIZE);
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("branches", page.items());
    if (page.nextToken() != null) {
      output.put("nextToken", page.nextToken());
    }
    return output;
  }
}

package dev.flowline.codecommit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.CallContext;
import dev.flowline.api.OperationHandler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * ListRepositories: name and id of every repository, sorted by {@code sortBy} ({@code repositoryName}, the
 * default, or {@code lastModifiedDate}) in {@code order} ({@code ascending}, the default, or
 * {@code descending}), 1000 to a page with a {@code nextToken} for the rest.
 */
@Component
class ListRepositoriesHandler implements OperationHandler {
  static final int PAGE_SIZE = 1000;
  private final HostedRepositories repositories;
  private final int pageSize;

  @Autowired
  ListRepositoriesHandler(HostedRepositories repositories) {
    this(repositories, PAGE_SIZE);
  }

  ListRepositoriesHandler(HostedRepositories repositories, int pageSize) {
    this.repositories = repositories;
    this.pageSize = pageSize;
  }

  @Override
  public String name() {
    return "ListRepositories";
  }

  @Override
  public String service() {
    return CodeCommitInputs.SERVICE;
  }

  @Override
  public void checkInput(JsonNode input) {
    String sortBy = CodeCommitInputs.text(input, "sortBy");
    if (sortBy != null && !sortBy.equals("repositoryName") && !sortBy.equals("lastModifiedDate")) {
      throw CodeCommitInputs.refusal("InvalidSortByException",
          "The specified sort by value '" + sortBy + "' is not valid: use repositoryName or lastModifiedDate.");
    }
    String order = CodeCommitInputs.text(input, "order");
    if (order != null && !order.equals("ascending") && !order.equals("descending")) {
      throw CodeCommitInputs.refusal("InvalidOrderException",
          "The specified sort order '" + order + "' is not valid: use ascending or descending.");
    }
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String sortBy = input.path("sortBy").asText("repositoryName");
    String order = input.path("order").asText("ascending");
    Comparator<RepositoryMetadata> comparator = sortBy.equals("lastModifiedDate")
        ? Comparator.comparing(RepositoryMetadata::lastModifiedDate).thenComparing(RepositoryMetadata::repositoryName)
        : Comparator.comparing(RepositoryMetadata::repositoryName);
    List<RepositoryMetadata> all = new ArrayList<>(repositories.list());
    all.sort(order.equals("descending") ? comparator.reversed() : comparator);
    CodeCommitInputs.Page<RepositoryMetadata> page = CodeCommitInputs.page(all,
        CodeCommitInputs.text(input, "nextToken"), "repositories/" + sortBy + "/" + order, pageSize);
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("repositories", page.items().stream()
        .map(r -> Map.of("repositoryName", r.repositoryName(), "repositoryId", r.repositoryId())).toList());
    if (page.nextToken() != null) {
      output.put("nextToken", page.nextToken());
    }
    return output;
  }
}

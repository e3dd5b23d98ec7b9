package dev.flowline.codecommit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.pipeline.CodePipelineException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repository store on disk: names, atomic create and delete, metadata, and ListRepositories' pages. */
class HostedRepositoriesTest {

  @TempDir Path temp;
  HostedRepositories repositories;

  @BeforeEach
  void store() {
    repositories = new HostedRepositories(temp.resolve("git"), "eu-west-1", "111122223333",
        () -> "http://flowline.example:8080", Clock.systemUTC());
  }

  @Test
  @DisplayName("a repository is a bare git directory <root>/<name>.git whose config holds its CodeCommit metadata")
  void layout() throws Exception {
    RepositoryMetadata created = repositories.create("app", "line one\nline \"two\"");

    assertThat(temp.resolve("git/app.git/objects")).isDirectory();
    assertThat(Files.readString(temp.resolve("git/app.git/config"))).contains("[codecommit]");
    assertThat(created.arn()).isEqualTo("arn:aws:codecommit:eu-west-1:111122223333:app");
    assertThat(created.cloneUrlHttp()).isEqualTo("http://flowline.example:8080/git/app.git");
    assertThat(repositories.get("app")).isEqualTo(created);
    assertThat(repositories.get("app").repositoryDescription()).isEqualTo("line one\nline \"two\"");
    assertThat(repositories.gitDirectory("app")).contains(temp.resolve("git/app.git").toAbsolutePath());
  }

  @Test
  @DisplayName("given ten threads creating the same name, then exactly one succeeds and the others get RepositoryNameExistsException")
  void concurrentCreates() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(10);
    List<Callable<String>> creates = IntStream.range(0, 10).<Callable<String>>mapToObj(i -> () -> {
      try {
        return repositories.create("race", null).repositoryId();
      } catch (CodePipelineException e) {
        return e.errorType();
      }
    }).toList();
    List<String> outcomes = pool.invokeAll(creates).stream().map(HostedRepositoriesTest::get).toList();
    pool.shutdown();

    assertThat(outcomes).filteredOn("RepositoryNameExistsException"::equals).hasSize(9);
    assertThat(repositories.list()).extracting(RepositoryMetadata::repositoryName).containsExactly("race");
  }

  @Test
  @DisplayName("names that would leave the git directory are InvalidRepositoryNameException, and find nothing")
  void namesStayInside() {
    for (String name : List.of("..", ".", "../x", "a/b", "x.git", "X.GIT", "")) {
      assertThatThrownBy(() -> repositories.create(name, null)).as(name).isInstanceOf(CodePipelineException.class);
      assertThat(repositories.gitDirectory(name)).as(name).isEmpty();
    }
  }

  @Test
  @DisplayName("a deleted repository is gone from disk and from the list; staging leftovers are never listed")
  void delete() throws Exception {
    repositories.create("gone", null);
    Files.createDirectories(temp.resolve("git/.creating-leftover.git"));

    assertThat(repositories.delete("gone")).isPresent();
    assertThat(temp.resolve("git/gone.git")).doesNotExist();
    assertThat(repositories.list()).isEmpty();
    assertThat(repositories.delete("gone")).isEmpty();
  }

  @Test
  @DisplayName("ListRepositories pages with nextToken; a token of another listing is InvalidContinuationTokenException")
  void listPages() {
    for (String name : List.of("a", "b", "c", "d", "e")) {
      repositories.create(name, null);
    }
    ListRepositoriesHandler handler = new ListRepositoriesHandler(repositories, 2);
    ObjectMapper json = new ObjectMapper();

    List<String> names = new java.util.ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      ObjectNode input = json.createObjectNode();
      if (token != null) {
        input.put("nextToken", token);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> output = (Map<String, Object>) handler.handle(input, null);
      ((List<Map<String, String>>) output.get("repositories")).forEach(r -> names.add(r.get("repositoryName")));
      token = (String) output.get("nextToken");
      pages++;
    } while (token != null);

    assertThat(names).containsExactly("a", "b", "c", "d", "e");
    assertThat(pages).isEqualTo(3);
    ObjectNode descending = json.createObjectNode().put("order", "descending");
    @SuppressWarnings("unchecked")
    String firstToken = (String) ((Map<String, Object>) handler.handle(json.createObjectNode(), null)).get("nextToken");
    assertThatThrownBy(() -> handler.handle(descending.put("nextToken", firstToken), null))
        .isInstanceOfSatisfying(CodePipelineException.class,
            e -> assertThat(e.errorType()).isEqualTo("InvalidContinuationTokenException"));
  }

  private static <T> T get(Future<T> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}

package dev.flowline.actions.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionResult;
import dev.flowline.codecommit.GitCli;
import dev.flowline.pipeline.OutputArtifact;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * Real CodeCommit's side, played by a git server on this machine that, like CodeCommit, serves
 * {@code /v1/repos/<name>} and accepts only the SigV4-derived password for the request's host and path
 * ({@link CodeCommitGitServer}).
 */
class AwsCodeCommitRepositoriesTest {

  @TempDir Path temp;
  CodeCommitGitServer codeCommit;
  GitCli git;
  Path work;
  String first;

  @BeforeEach
  void codeCommit() throws Exception {
    git = new GitCli(temp.resolve("home"));
    work = git.init(temp.resolve("work"));
    first = git.commit(work, "hello.txt", "one", "One");
    codeCommit = new CodeCommitGitServer(temp.resolve("codecommit"));
    codeCommit.create("app", work);
  }

  @AfterEach
  void stop() {
    codeCommit.close();
  }

  private AwsCodeCommitRepositories repositories(AwsBasicCredentials keys) {
    return codeCommit.repositories(keys, temp.resolve("cache"));
  }

  @Test
  @DisplayName("the source mirrors the repository with SigV4 git credentials and fetches new commits on every job")
  void mirrorsAndFetches() throws Exception {
    AwsCodeCommitRepositories repositories = repositories(CodeCommitGitServer.KEYS);
    CodeCommitSourceExecutor executor = new CodeCommitSourceExecutor(repositories);
    ActionFixture fixture = new ActionFixture(temp.resolve("fixture"));
    var job = ActionFixture.job(CodeCommitSourceExecutor.TYPE.id())
        .configuration(Map.of("RepositoryName", "app", "BranchName", "main"))
        .outputs(new OutputArtifact("SourceOutput")).build();

    ActionResult first = fixture.run(executor, job);
    String second = git.commit(work, "hello.txt", "two", "Two");
    codeCommit.push("app", work, "main");
    ActionResult.Succeeded after = (ActionResult.Succeeded) fixture.run(executor, job);

    assertThat(first).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(after.outputVariables()).containsEntry("CommitId", second);
    assertThat(fixture.unzip(after.outputArtifacts().get("SourceOutput")).resolve("hello.txt")).hasContent("two");
    assertThat(codeCommit.refused.get()).as("requests without a valid signature").isLessThanOrEqualTo(2);
  }

  @Test
  @DisplayName("a repository CodeCommit does not have, or keys it refuses, read as absent and leave no mirror behind")
  void absentRepository() {
    assertThat(repositories(CodeCommitGitServer.KEYS).gitDirectory("missing")).isEmpty();
    assertThat(repositories(AwsBasicCredentials.create("AKIDEXAMPLE", "wrong-secret")).gitDirectory("app")).isEmpty();
    assertThat(temp.resolve("cache/missing.git")).doesNotExist();
    assertThat(temp.resolve("cache/app.git")).doesNotExist();
  }

  @Test
  @DisplayName("branchHead answers where a branch points now without mirroring; a missing branch is empty; refused keys fail without the secret")
  void branchHead() throws Exception {
    AwsCodeCommitRepositories repositories = repositories(CodeCommitGitServer.KEYS);

    assertThat(repositories.branchHead("app", "main")).contains(first);
    String second = git.commit(work, "hello.txt", "two", "Two");
    codeCommit.push("app", work, "main");
    assertThat(repositories.branchHead("app", "main")).contains(second);
    assertThat(repositories.branchHead("app", "develop")).isEmpty();
    assertThat(temp.resolve("cache")).doesNotExist();
    assertThatThrownBy(() -> repositories(AwsBasicCredentials.create("AKIDEXAMPLE", "wrong-secret"))
        .branchHead("app", "main")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/v1/repos/app").hasMessageNotContaining("wrong-secret");
    assertThatThrownBy(() -> repositories.branchHead("../app", "main")).isInstanceOf(IllegalArgumentException.class);
  }
}

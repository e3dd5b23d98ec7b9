package dev.flowline.actions.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.codecommit.GitCli;
import dev.flowline.connections.TestGitHost;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.OutputArtifact;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection and GitHub sources against a real git HTTP server (JGit's, standing in for github.com or a
 * GitLab host) that accepts only the one token: the token is what authenticates.
 */
class GitHttpsSourceTest {
  static final String TOKEN = "ghp_TestToken0123456789";

  @TempDir Path temp;
  ActionFixture fixture;
  TestGitHost host;
  String first;
  String second;
  String feature;

  @BeforeEach
  void host() throws Exception {
    fixture = new ActionFixture(temp.resolve("fixture"));
    host = new TestGitHost(temp.resolve("host"), TOKEN);
    first = host.createRepository("octo/app", "main", "hello.txt", "one");
    second = host.commit("octo/app", "main", "Second\n\nWith details.", "src/app.txt", "two");
    feature = host.commit("octo/app", "feature/x", "On a feature branch", "feature.txt", "f");
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
  }

  @Test
  @DisplayName("CodeStarSourceConnection: the branch head over HTTP with the connection's token, and AWS's output variables")
  void connectionSourceReadsTheBranchHead() throws Exception {
    ActionResult.Succeeded result = succeeded(connectionExecutor(TOKEN), connectionJob("octo/app", "main", null, null));

    Path out = fixture.unzip(result.outputArtifacts().get("SourceOutput"));
    assertThat(out.resolve("hello.txt")).hasContent("one");
    assertThat(out.resolve("src/app.txt")).hasContent("two");
    assertThat(out.resolve("feature.txt")).doesNotExist();
    assertThat(result.outputVariables()).containsEntry("CommitId", second).containsEntry("BranchName", "main")
        .containsEntry("CommitMessage", "Second\n\nWith details.").containsEntry("FullRepositoryName", "octo/app")
        .containsEntry("ConnectionArn", ARN).containsKey("AuthorDate");
    assertThat(result.revision().revisionId()).isEqualTo(second);
    assertThat(result.revision().revisionUrl()).isEqualTo(host.url() + "/octo/app/commit/" + second);
    assertThat(host.usersSeen).isNotEmpty().allMatch("x-access-token"::equals);
  }

  @Test
  @DisplayName("a token the host refuses fails the action naming the connection and the host's answer, never the token")
  void refusedToken() throws Exception {
    ActionResult result = fixture.run(connectionExecutor("wrong-token"), connectionJob("octo/app", "main", null, null));

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, f -> {
      assertThat(f.failureType()).isEqualTo("JobFailed");
      assertThat(f.message()).contains("connection 'my-github'").contains(host.url() + "/octo/app.git")
          .contains("not authorized").doesNotContain("wrong-token");
    });
    assertThat(host.refusals).isNotEmpty();
    assertThat(host.usersSeen).isEmpty();
  }

  @Test
  @DisplayName("a connection that is not usable fails as a ConfigurationError with the resolver's message")
  void unusableConnection() throws Exception {
    CodeStarSourceConnectionExecutor executor = new CodeStarSourceConnectionExecutor((arn, repo) -> {
      throw new SourceConnections.Unusable("The connection 'my-github' (" + arn + ") is PENDING, not AVAILABLE");
    });

    assertFailed(executor, connectionJob("octo/app", "main", null, null), "ConfigurationError", "is PENDING");
    assertThat(host.usersSeen).isEmpty();
  }

  @Test
  @DisplayName("a COMMIT_ID override on another branch is read; one the host does not have is RevisionUnavailable")
  void overrides() throws Exception {
    ActionResult.Succeeded result = succeeded(connectionExecutor(TOKEN), connectionJob("octo/app", "main", null, feature));
    assertThat(fixture.unzip(result.outputArtifacts().get("SourceOutput")).resolve("feature.txt")).hasContent("f");
    assertThat(result.outputVariables()).containsEntry("CommitId", feature);

    assertFailed(connectionExecutor(TOKEN), connectionJob("octo/app", "main", null, "0".repeat(40)),
        "RevisionUnavailable", "0".repeat(40));
  }

  @Test
  @DisplayName("a missing branch, a missing repository, a bad FullRepositoryId and an unknown format are refused clearly")
  void badConfiguration() throws Exception {
    assertFailed(connectionExecutor(TOKEN), connectionJob("octo/app", "develop", null, null), "ConfigurationError",
        "branch 'develop' does not exist");
    assertFailed(connectionExecutor(TOKEN), connectionJob("octo/nope", "main", null, null), "JobFailed",
        "octo/nope.git");
    assertFailed(connectionExecutor(TOKEN), connectionJob("../etc", "main", null, null), "ConfigurationError",
        "FullRepositoryId");
    assertFailed(connectionExecutor(TOKEN), connectionJob("octo/app", "main", "TARBALL", null), "ConfigurationError",
        "OutputArtifactFormat 'TARBALL'");
  }

  @Test
  @DisplayName("CODEBUILD_CLONE_REF: a clone on BranchName at the commit, origin the host's URL without the token")
  void cloneRef() throws Exception {
    ActionResult.Succeeded result = succeeded(connectionExecutor(TOKEN),
        connectionJob("octo/app", "main", "CODEBUILD_CLONE_REF", first));

    Path out = fixture.unzip(result.outputArtifacts().get("SourceOutput"));
    GitCli git = new GitCli(temp.resolve("home"));
    assertThat(git.head(out)).isEqualTo(first);
    assertThat(git.run(out, "rev-parse", "--abbrev-ref", "HEAD").ok().output().strip()).isEqualTo("main");
    assertThat(git.run(out, "config", "remote.origin.url").ok().output().strip()).isEqualTo(host.url() + "/octo/app.git");
    assertThat(git.run(out, "config", "--list").ok().output()).doesNotContain(TOKEN);
    // complete: every branch with its history, readable without the network
    assertThat(git.run(out, "branch", "-r").ok().output()).contains("origin/main").contains("origin/feature/x");
    assertThat(git.run(out, "rev-parse", "origin/feature/x").ok().output().strip()).isEqualTo(feature);
    assertThat(git.run(out, "rev-parse", "origin/main").ok().output().strip()).isEqualTo(second);
  }

  @Test
  @DisplayName("ThirdParty/GitHub v1: Owner/Repo/Branch with the OAuthToken, and its output variables")
  void gitHubVersion1() throws Exception {
    GitHubSourceExecutor executor = new GitHubSourceExecutor(host.url());
    Map<String, String> configuration = Map.of("Owner", "octo", "Repo", "app", "Branch", "main",
        "OAuthToken", TOKEN, "PollForSourceChanges", "false");
    ActionJob job = ActionFixture.job(ActionTypeId.of("Source", "ThirdParty", "GitHub", "1"))
        .configuration(configuration).outputs(new OutputArtifact("SourceOutput")).build();

    ActionResult.Succeeded result = succeeded(executor, job);

    assertThat(result.outputVariables()).containsEntry("CommitId", second).containsEntry("RepositoryName", "app")
        .containsEntry("CommitUrl", host.url() + "/octo/app/commit/" + second).containsKeys("CommitterDate", "AuthorDate");
    assertThat(host.usersSeen).isNotEmpty();
    Map<String, String> wrong = new HashMap<>(configuration);
    wrong.put("OAuthToken", "expired");
    ActionJob refused = ActionFixture.job(ActionTypeId.of("Source", "ThirdParty", "GitHub", "1"))
        .configuration(wrong).outputs(new OutputArtifact("SourceOutput")).build();
    assertFailed(executor, refused, "JobFailed", "OAuthToken");
    assertThat(executor.type().configurationProperties()).anySatisfy(p -> {
      assertThat(p.name()).isEqualTo("OAuthToken");
      assertThat(p.secret()).isTrue();
    });
  }

  static final String ARN = "arn:aws:codestar-connections:us-east-1:123456789012:connection/0b1e2c3d-0000-4000-8000-000000000001";

  private CodeStarSourceConnectionExecutor connectionExecutor(String token) {
    return new CodeStarSourceConnectionExecutor((arn, repository) -> new GitRemote(host.url() + "/" + repository + ".git",
        "x-access-token", token, "connection 'my-github' (" + arn + ")", host.url() + "/" + repository));
  }

  private ActionResult.Succeeded succeeded(dev.flowline.actions.ActionExecutor executor, ActionJob job) throws Exception {
    ActionResult result = fixture.run(executor, job);
    assertThat(result).as(String.valueOf(result)).isInstanceOf(ActionResult.Succeeded.class);
    return (ActionResult.Succeeded) result;
  }

  private void assertFailed(dev.flowline.actions.ActionExecutor executor, ActionJob job, String failureType,
      String message) throws Exception {
    assertThat(fixture.run(executor, job)).isInstanceOfSatisfying(ActionResult.Failed.class, f -> {
      assertThat(f.failureType()).as(f.message()).isEqualTo(failureType);
      assertThat(f.message()).contains(message);
    });
  }

  private static ActionJob connectionJob(String repository, String branch, String format, String commit) {
    Map<String, String> configuration = new HashMap<>(Map.of("ConnectionArn", ARN, "FullRepositoryId", repository,
        "BranchName", branch));
    if (format != null) {
      configuration.put("OutputArtifactFormat", format);
    }
    ActionJob j = ActionFixture.job(CodeStarSourceConnectionExecutor.TYPE.id()).configuration(configuration)
        .outputs(new OutputArtifact("SourceOutput")).build();
    List<ActionJob.RevisionOverride> overrides = commit == null ? List.of()
        : List.of(new ActionJob.RevisionOverride("COMMIT_ID", commit));
    return new ActionJob(j.actionExecutionId(), j.pipelineName(), j.pipelineExecutionId(), j.stageName(),
        j.actionName(), j.actionTypeId(), j.configuration(), j.commands(), j.environmentVariables(),
        j.outputVariables(), j.inputArtifacts(), j.outputArtifacts(), j.region(), null, j.timeout(), overrides);
  }
}

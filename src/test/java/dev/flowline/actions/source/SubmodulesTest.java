package dev.flowline.actions.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.codecommit.GitCli;
import dev.flowline.connections.TestGitHost;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.OutputArtifact;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Submodules of a {@code CODEBUILD_CLONE_REF} clone, against real JGit HTTP servers: the provider's host accepts only
 * the connection's token; another host serves anyone. {@code .gitmodules} is written as an attacker would write it.
 */
class SubmodulesTest {
  static final String TOKEN = "ghp_SubmoduleToken0123456789";
  static final String ARN = "arn:aws:codestar-connections:us-east-1:123456789012:connection/0b1e2c3d-0000-4000-8000-000000000002";

  @TempDir Path temp;
  ActionFixture fixture;
  TestGitHost host;
  TestGitHost elsewhere;
  GitCli git;
  int works;

  @BeforeEach
  void hosts() throws Exception {
    fixture = new ActionFixture(temp.resolve("fixture"));
    host = new TestGitHost(temp.resolve("host"), TOKEN);
    elsewhere = new TestGitHost(temp.resolve("elsewhere"), null);
    git = new GitCli(temp.resolve("home"));
    host.createRepository("octo/app", "main", "hello.txt", "one");
  }

  @AfterEach
  void stop() throws Exception {
    host.close();
    elsewhere.close();
  }

  @Test
  @DisplayName("CODEBUILD_CLONE_REF fetches submodules recursively with the token from the provider's host; the clone works offline and holds no token; CODE_ZIP has none")
  void recursiveWithTheToken() throws Exception {
    String deep = host.createRepository("octo/deep", "main", "deep.txt", "deep");
    host.createRepository("octo/lib", "main", "lib.txt", "lib");
    String lib = withSubmodules(host, "octo/lib", module("deep", "deep", "../deep.git"), "deep", deep);
    withSubmodules(host, "octo/app", module("lib", "lib", "../lib.git"), "lib", lib);

    ActionResult.Succeeded clone = succeeded(connectionExecutor(), job("CODEBUILD_CLONE_REF"));

    Path out = fixture.unzip(clone.outputArtifacts().get("SourceOutput"));
    assertThat(out.resolve("lib/lib.txt")).hasContent("lib");
    assertThat(out.resolve("lib/deep/deep.txt")).hasContent("deep");
    String status = git.run(out, "submodule", "status", "--recursive").ok().output();
    assertThat(status).as("initialised and at the recorded commits").contains(" " + lib + " lib")
        .contains(" " + deep + " lib/deep").doesNotContain("-" + lib).doesNotContain("+" + lib);
    assertThat(git.run(out, "status", "--porcelain").ok().output()).isBlank();
    assertThat(git.run(out, "config", "submodule.lib.url").ok().output().strip()).isEqualTo(host.url() + "/octo/lib.git");
    assertThat(filesContaining(out, TOKEN)).as("files holding the token").isEmpty();
    assertThat(out.resolve(".git/config")).content().doesNotContain(TOKEN);
    assertThat(out.resolve(".git/modules/lib/config")).content().doesNotContain(TOKEN).doesNotContain("followRedirects")
        .as("no path of Flowline's workspace").doesNotContain(temp.toString()).contains("worktree = ../../../lib");
    assertThat(host.usersSeen).isNotEmpty().allMatch("x-access-token"::equals);

    ActionResult.Succeeded zip = succeeded(connectionExecutor(), job("CODE_ZIP"));
    Path tree = fixture.unzip(zip.outputArtifacts().get("SourceOutput"));
    assertThat(tree.resolve("hello.txt")).exists();
    assertThat(tree.resolve("lib/lib.txt")).as("CODE_ZIP leaves submodules out, as AWS does").doesNotExist();
  }

  @Test
  @DisplayName("GitHub v1 with OutputArtifactFormat CODEBUILD_CLONE_REF gets the submodules with its OAuthToken")
  void gitHubVersion1() throws Exception {
    String lib = host.createRepository("octo/lib", "main", "lib.txt", "lib");
    withSubmodules(host, "octo/app", module("lib", "vendor/lib", "../lib.git"), "vendor/lib", lib);
    ActionJob job = ActionFixture.job(ActionTypeId.of("Source", "ThirdParty", "GitHub", "1"))
        .configuration(Map.of("Owner", "octo", "Repo", "app", "Branch", "main", "OAuthToken", TOKEN,
            "OutputArtifactFormat", "CODEBUILD_CLONE_REF"))
        .outputs(new OutputArtifact("SourceOutput")).build();

    ActionResult.Succeeded result = succeeded(new GitHubSourceExecutor(host.url()), job);

    Path out = fixture.unzip(result.outputArtifacts().get("SourceOutput"));
    assertThat(out.resolve("vendor/lib/lib.txt")).hasContent("lib");
    assertThat(filesContaining(out, TOKEN)).isEmpty();
  }

  @Test
  @DisplayName("hostile .gitmodules: file:, local paths, ssh, names and paths with .. and plain http to another host are refused naming the submodule, before anything is fetched")
  void hostileGitModules() throws Exception {
    String lib = host.createRepository("octo/lib", "main", "lib.txt", "lib");
    Map<String, String> refusals = Map.of(
        module("lib", "lib", "file:///etc"), "over http(s) only",
        module("lib", "lib", "/srv/git/lib.git"), "over http(s) only",
        module("lib", "lib", "git@github.com:octo/lib.git"), "over http(s) only",
        module("lib", "lib", "ssh://git@" + host.url().substring(7) + "/octo/lib.git"), "over http(s) only",
        module("lib", "lib", "-u" + host.url() + "/octo/lib.git"), "over http(s) only",
        module("../../hooks", "lib", "../lib.git"), "CVE-2018-11235",
        module("lib", "../escape", "../lib.git") + module("lib2", "lib", "../lib.git"), "leaves the repository",
        module("lib", "lib", "../../../../../lib.git"), "climbs above the host",
        module("lib", "lib", elsewhere.url() + "/octo/lib.git"), "https only");
    for (Map.Entry<String, String> refusal : refusals.entrySet()) {
      withSubmodules(host, "octo/app", refusal.getKey(), "lib", lib);
      int seen = host.usersSeen.size();

      ActionResult result = fixture.run(connectionExecutor(), job("CODEBUILD_CLONE_REF"));

      assertThat(result).as(refusal.getKey()).isInstanceOfSatisfying(ActionResult.Failed.class, f -> {
        assertThat(f.failureType()).isEqualTo("JobFailed");
        assertThat(f.message()).contains("submodule").contains(refusal.getValue()).doesNotContain(TOKEN);
      });
      assertThat(host.usersSeen.subList(seen, host.usersSeen.size())).as("requests for the submodule")
          .allMatch("x-access-token"::equals);
      assertThat(elsewhere.usersSeen).as("the other host was never asked").isEmpty();
    }
  }

  @Test
  @DisplayName("a submodule URL on the provider's host that redirects elsewhere is not followed: the other host never sees a request, let alone the token")
  void redirectNotFollowed() throws Exception {
    String lib = elsewhere.createRepository("public/lib", "main", "lib.txt", "lib");
    host.redirect("octo/moved", elsewhere.url() + "/public/lib.git");
    withSubmodules(host, "octo/app", module("lib", "lib", "../moved.git"), "lib", lib);

    assertFailed(job("CODEBUILD_CLONE_REF"), "Submodule 'lib' (name 'lib') could not be fetched from "
        + host.url() + "/octo/moved.git");
    assertThat(elsewhere.usersSeen).isEmpty();
  }

  @Test
  @DisplayName("a submodule the host cannot serve, or whose commit it lacks, fails the action naming it and the host's answer")
  void unfetchable() throws Exception {
    String lib = host.createRepository("octo/lib", "main", "lib.txt", "lib");
    withSubmodules(host, "octo/app", module("missing", "lib", "../missing.git"), "lib", lib);
    assertFailed(job("CODEBUILD_CLONE_REF"), "Submodule 'lib' (name 'missing') could not be fetched from "
        + host.url() + "/octo/missing.git");

    withSubmodules(host, "octo/app", module("lib", "lib", "../lib.git"), "lib", "1".repeat(40));
    assertFailed(job("CODEBUILD_CLONE_REF"), "the commit " + "1".repeat(40) + " the superproject records is not");
  }

  @Test
  @DisplayName("submodules nest at most " + Submodules.MAX_DEPTH + " levels: a deeper one fails the action naming it")
  void boundedDepth() throws Exception {
    String next = host.createRepository("octo/c" + Submodules.MAX_DEPTH, "main", "leaf.txt", "leaf");
    for (int i = Submodules.MAX_DEPTH - 1; i >= 0; i--) {
      host.createRepository("octo/c" + i, "main", "c.txt", "c" + i);
      next = withSubmodules(host, "octo/c" + i, module("next", "next", "../c" + (i + 1) + ".git"), "next", next);
    }
    withSubmodules(host, "octo/app", module("c0", "c0", "../c0.git"), "c0", next);

    assertFailed(job("CODEBUILD_CLONE_REF"), "'c0/next/next/next/next/next' is nested deeper than "
        + Submodules.MAX_DEPTH + " levels");
  }

  @Test
  @DisplayName("a submodule on another host is fetched over https without any credentials (http allowed here only because the test host has no TLS)")
  void otherHostAnonymously() throws Exception {
    String lib = elsewhere.createRepository("public/lib", "main", "lib.txt", "lib");
    withSubmodules(host, "octo/app", module("lib", "lib", elsewhere.url() + "/public/lib.git"), "lib", lib);
    Path clone = temp.resolve("clone");
    GitRemote remote = new GitRemote(host.url() + "/octo/app.git", "x-access-token", TOKEN, "connection 'c'", null);
    List<String> log = new ArrayList<>();
    try (Git cloned = Git.cloneRepository().setURI(remote.url()).setDirectory(clone.toFile())
        .setCredentialsProvider(new UsernamePasswordCredentialsProvider("x-access-token", TOKEN)).call();
        RevWalk walk = new RevWalk(cloned.getRepository())) {
      Repository repository = cloned.getRepository();
      new Submodules(remote, Set.of("https", "http"), log::add)
          .fetch(repository, walk.parseCommit(repository.resolve("HEAD")), remote.url());
    }

    assertThat(clone.resolve("lib/lib.txt")).hasContent("lib");
    assertThat(elsewhere.usersSeen).isNotEmpty().allMatch("<anonymous>"::equals);
    assertThat(log).anyMatch(l -> l.contains("anonymously"));
  }

  private static String module(String name, String path, String url) {
    return "[submodule \"" + name + "\"]\n\tpath = " + path + "\n\turl = " + url + "\n";
  }

  /** Commits .gitmodules and gitlinks (path, commit pairs) onto main of {@code fullName}; answers the commit. */
  private String withSubmodules(TestGitHost on, String fullName, String gitmodules, String... gitlinks)
      throws Exception {
    Path work = temp.resolve("work-" + works++);
    git.run(temp, "clone", "-q", on.gitDirectory(fullName).toString(), work.toString()).ok();
    for (int i = 0; i < gitlinks.length; i += 2) {
      git.run(work, "update-index", "--add", "--cacheinfo", "160000," + gitlinks[i + 1] + "," + gitlinks[i]).ok();
    }
    Files.writeString(work.resolve(".gitmodules"), gitmodules);
    git.run(work, "add", ".gitmodules").ok();
    git.run(work, "commit", "-q", "-m", "Submodules").ok();
    git.run(work, "push", "-q", "-f", "origin", "HEAD:main").ok();
    return git.head(work);
  }

  private CodeStarSourceConnectionExecutor connectionExecutor() {
    return new CodeStarSourceConnectionExecutor((arn, repository) -> new GitRemote(host.url() + "/" + repository + ".git",
        "x-access-token", TOKEN, "connection 'my-github' (" + arn + ")", host.url() + "/" + repository));
  }

  private static ActionJob job(String format) {
    return ActionFixture.job(CodeStarSourceConnectionExecutor.TYPE.id())
        .configuration(Map.of("ConnectionArn", ARN, "FullRepositoryId", "octo/app", "BranchName", "main",
            "OutputArtifactFormat", format))
        .outputs(new OutputArtifact("SourceOutput")).build();
  }

  private ActionResult.Succeeded succeeded(ActionExecutor executor, ActionJob job) throws Exception {
    ActionResult result = fixture.run(executor, job);
    assertThat(result).as(String.valueOf(result)).isInstanceOf(ActionResult.Succeeded.class);
    return (ActionResult.Succeeded) result;
  }

  private void assertFailed(ActionJob job, String message) throws Exception {
    assertThat(fixture.run(connectionExecutor(), job)).isInstanceOfSatisfying(ActionResult.Failed.class, f -> {
      assertThat(f.failureType()).as(f.message()).isEqualTo("JobFailed");
      assertThat(f.message()).contains(message).doesNotContain(TOKEN);
    });
  }

  private static List<Path> filesContaining(Path root, String text) throws Exception {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).filter(f -> {
        try {
          return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)
              .contains(new String(needle, StandardCharsets.ISO_8859_1));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
  }
}

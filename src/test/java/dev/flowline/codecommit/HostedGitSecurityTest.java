package dev.flowline.codecommit;

import static dev.flowline.codecommit.CodeCommitClients.pushUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.FlowlineTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.InvalidRepositoryDescriptionException;
import software.amazon.awssdk.services.codecommit.model.InvalidSystemTagUsageException;
import software.amazon.awssdk.services.codecommit.model.InvalidTagsMapException;

/**
 * Issue 11's attacks on the hosted git, with the real git CLI and the AWS SDK against a running Flowline
 * (whose test profile sets {@code flowline.codecommit.max-push-size} to 4 MB).
 */
@FlowlineTest
class HostedGitSecurityTest {

  @LocalServerPort int port;
  @Autowired HostedRepositories repositories;
  @TempDir Path temp;

  GitCli git;
  String name;
  CodeCommitClient codeCommit;

  @BeforeEach
  void setUp() throws Exception {
    git = new GitCli(temp.resolve("home"));
    name = "sec-" + UUID.randomUUID().toString().substring(0, 8);
    codeCommit = CodeCommitClients.codeCommit(port);
  }

  @AfterEach
  void tearDown() {
    codeCommit.close();
  }

  @Test
  @DisplayName("a pushed tree with a symlink and a directory of the same name is refused, and no branch moves")
  void symlinkThenDirectoryPushIsRefused() throws Exception {
    repositories.create(name, null);
    Path outside = Files.createDirectories(temp.resolve("some-dir"));
    Path work = git.init(temp.resolve("work"));
    String evil = HostileCommits.symlinkThenDirectory(git, work, outside.toString());
    git.run(work, "update-ref", "refs/heads/main", evil).ok();

    GitCli.Result push = git.run(work, "push", pushUrl(port, name), "main");

    assertThat(push.exitCode()).as(push.output()).isNotZero();
    assertThat(push.output()).containsIgnoringCase("duplicate");
    assertThat(repositories.branches(name)).isEmpty();
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  @DisplayName("a push larger than flowline.codecommit.max-push-size is refused with git's error, and no branch moves")
  void anOversizedPushIsRefused() throws Exception {
    repositories.create(name, null);
    Path work = git.init(temp.resolve("work"));
    byte[] noise = new byte[6 * 1024 * 1024];
    new Random(11).nextBytes(noise);
    Files.write(work.resolve("big.bin"), noise);
    git.run(work, "add", "-A").ok();
    git.run(work, "commit", "-q", "-m", "6 MB that do not compress").ok();

    GitCli.Result push = git.run(work, "push", pushUrl(port, name), "main");

    assertThat(push.exitCode()).as(push.output()).isNotZero();
    assertThat(push.output()).contains("Pack exceeds the limit of").contains("rejecting the pack");
    assertThat(repositories.branches(name)).isEmpty();

    Path small = git.init(temp.resolve("small"));
    git.commit(small, "small.txt", "small", "within the limit");
    git.run(small, "push", "-q", pushUrl(port, name), "main").ok();
    assertThat(repositories.branches(name)).containsExactly("main");
  }

  @Test
  @DisplayName("a NUL in a CodeCommit repository description is a 400 InvalidRepositoryDescriptionException and leaves nothing behind")
  void aControlCharacterInTheDescriptionIsRefused() throws Exception {
    Path gitRoot = Path.of("target/test-data/git");
    long stagingBefore = staging(gitRoot);

    for (String description : new String[] {"before\u0000after", "bell\u0007", "escape \u001b[2J"}) {
      assertThatThrownBy(() -> codeCommit.createRepository(r -> r.repositoryName(name)
          .repositoryDescription(description)))
          .isInstanceOfSatisfying(InvalidRepositoryDescriptionException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorMessage()).contains("control character");
          });
    }
    assertThat(repositories.find(name)).isEmpty();
    assertThat(staging(gitRoot)).isEqualTo(stagingBefore);
    assertThat(codeCommit.createRepository(r -> r.repositoryName(name).repositoryDescription("two\nlines\tok"))
        .repositoryMetadata().repositoryDescription()).isEqualTo("two\nlines\tok");
  }

  @Test
  @DisplayName("CodeCommit's tag rules hold though the tags are not kept: control characters and aws: keys are 400s")
  void badTagsAreRefused() {
    assertThatThrownBy(() -> codeCommit.createRepository(r -> r.repositoryName(name).tags(Map.of("team", "a\u0000b"))))
        .isInstanceOfSatisfying(InvalidTagsMapException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> codeCommit.createRepository(r -> r.repositoryName(name).tags(Map.of("aws:owner", "x"))))
        .isInstanceOfSatisfying(InvalidSystemTagUsageException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThat(repositories.find(name)).isEmpty();
  }

  private static long staging(Path gitRoot) throws Exception {
    if (!Files.isDirectory(gitRoot)) {
      return 0;
    }
    try (Stream<Path> entries = Files.list(gitRoot)) {
      return entries.filter(p -> p.getFileName().toString().startsWith(".creating-")).count();
    }
  }
}

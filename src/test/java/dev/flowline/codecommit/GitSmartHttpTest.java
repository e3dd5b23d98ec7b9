package dev.flowline.codecommit;

import static dev.flowline.codecommit.CodeCommitClients.pushUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import dev.flowline.TestUsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Git over smart HTTP on /git/<name>.git: authentication against Flowline's users, clone and fetch. */
@FlowlineTest
class GitSmartHttpTest {

  @LocalServerPort
  int port;

  @Autowired
  HostedRepositories repositories;

  @Autowired
  IdentityService identity;

  @TempDir
  Path temp;

  GitCli git;
  String name;

  TestUsers users;

  @BeforeEach
  void repository() throws Exception {
    users = new TestUsers(identity);
    git = new GitCli(temp.resolve("home"));
    name = "http-" + UUID.randomUUID().toString().substring(0, 8);
    repositories.create(name, null);
  }

  @Test
  @DisplayName("given no credentials, then git is refused with 401 and a Basic challenge, and nothing is pushed")
  void anonymousIsRefused() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/git/" + name + ".git/info/refs?service=git-upload-pack")).build(),
        HttpResponse.BodyHandlers.ofString());
    Path work = git.init(temp.resolve("work"));
    git.commit(work, "a.txt", "a", "A");

    GitCli.Result push = git.run(work, "push", "http://127.0.0.1:" + port + "/git/" + name + ".git", "main");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    assertThat(push.exitCode()).isNotZero();
    assertThat(repositories.branches(name)).isEmpty();
  }

  @Test
  @DisplayName("given a repository's pusher, a wrong password refuses the push; with the right one it goes through")
  void wrongPasswordIsRefused() throws Exception {
    // A user of its own: Camunda delays a user's next login after a failed one, which must not hit admin.
    String user = users.create("git", "git-push-" + name);
    Path work = git.init(temp.resolve("work"));
    git.commit(work, "a.txt", "a", "A");
    String url = "http://" + user + ":%s@127.0.0.1:" + port + "/git/" + name + ".git";

    GitCli.Result push = git.run(work, "push", url.formatted("wrong"), "main");
    assertThat(push.exitCode()).isNotZero();
    assertThat(push.output()).containsIgnoringCase("Authentication failed");
    assertThat(repositories.branches(name)).isEmpty();
    await().atMost(java.time.Duration.ofSeconds(30)).pollInterval(java.time.Duration.ofSeconds(1))
        .until(() -> git.run(work, "push", "-q", url.formatted(TestUsers.password(user)), "main").exitCode() == 0);
    assertThat(repositories.branches(name)).containsExactly("main");
  }

  @Test
  @DisplayName("a reader clones but may not push (403, nothing stored); a user without a role may not even clone; "
      + "a pusher of another repository may not push here")
  void pushNeedsTheRepositorysPushersGroup() throws Exception {
    Path work = git.init(temp.resolve("work"));
    git.commit(work, "a.txt", "a", "A");
    git.run(work, "push", "-q", pushUrl(port, name), "main").ok();
    git.commit(work, "b.txt", "b", "B");
    String reader = users.create("reader", "flowline-readers");
    String otherPusher = users.create("pusher", "flowline-readers", "git-push-" + name + "-other");
    String nobody = users.create("nobody");
    String url = "http://%s:%s@127.0.0.1:" + port + "/git/" + name + ".git";
    String before = repositories.branchHead(name, "main").orElseThrow();

    GitCli.Result readerPush = git.run(work, "push", url.formatted(reader, TestUsers.password(reader)), "main");
    GitCli.Result otherPush = git.run(work, "push", url.formatted(otherPusher, TestUsers.password(otherPusher)), "main");
    GitCli.Result nobodyClone = git.run(temp, "clone", "-q", url.formatted(nobody, TestUsers.password(nobody)), "n");

    assertThat(readerPush.exitCode()).isNotZero();
    assertThat(readerPush.output()).contains("403");
    assertThat(otherPush.exitCode()).isNotZero();
    assertThat(nobodyClone.exitCode()).isNotZero();
    assertThat(nobodyClone.output()).contains("403");
    assertThat(repositories.branchHead(name, "main")).contains(before);
    git.run(temp, "clone", "-q", url.formatted(reader, TestUsers.password(reader)), "r").ok();
  }

  @Test
  @DisplayName("given a Flowline user, then push, clone (with or without .git) and fetch work")
  void pushCloneFetch() throws Exception {
    Path work = git.init(temp.resolve("work"));
    String commit = git.commit(work, "bin/run.sh", "echo run", "A");
    git.run(work, "push", "-q", pushUrl(port, name), "main").ok();

    git.run(temp, "clone", "-q", pushUrl(port, name), "clone").ok();
    git.run(temp, "clone", "-q", pushUrl(port, name).replace(".git", ""), "clone2").ok();
    git.commit(work, "b.txt", "b", "B");
    git.run(work, "push", "-q", pushUrl(port, name), "main").ok();
    git.run(temp.resolve("clone"), "pull", "-q").ok();

    assertThat(git.head(temp.resolve("clone2"))).isEqualTo(commit);
    assertThat(git.head(temp.resolve("clone"))).isEqualTo(git.head(work));
  }

  @Test
  @DisplayName("given an unknown repository, then git says it is not found")
  void unknownRepository() throws Exception {
    GitCli.Result clone = git.run(temp, "clone", "-q", pushUrl(port, "no-such-" + name), "x");

    assertThat(clone.exitCode()).isNotZero();
    assertThat(clone.output()).containsIgnoringCase("not found");
  }
}

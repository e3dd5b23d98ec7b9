package dev.flowline.actions.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionResult;
import dev.flowline.codecommit.GitCli;
import dev.flowline.pipeline.OutputArtifact;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Real CodeCommit's side, played by a git server on this machine that, like CodeCommit, serves
 * {@code /v1/repos/<name>} and accepts only the SigV4-derived password for the request's host and path.
 */
class AwsCodeCommitRepositoriesTest {
  static final AwsBasicCredentials KEYS = AwsBasicCredentials.create("AKIDEXAMPLE", "codecommit-test-secret");

  @TempDir Path temp;
  WebServer server;
  GitCli git;
  Path work;
  AtomicInteger refused = new AtomicInteger();

  @BeforeEach
  void codeCommit() throws Exception {
    git = new GitCli(temp.resolve("home"));
    work = git.init(temp.resolve("work"));
    git.commit(work, "hello.txt", "one", "One");
    git.run(temp, "clone", "-q", "--bare", work.toString(), "remote/app.git").ok();
    Path remote = temp.resolve("remote");

    GitServlet servlet = new GitServlet();
    servlet.setRepositoryResolver((request, name) -> {
      Path directory = remote.resolve(name.replaceFirst("^v1/repos/", "") + ".git");
      if (!directory.toFile().isDirectory()) {
        throw new RepositoryNotFoundException(name);
      }
      try {
        return new FileRepositoryBuilder().setGitDir(directory.toFile()).setMustExist(true).build();
      } catch (java.io.IOException e) {
        throw new RepositoryNotFoundException(name, e);
      }
    });
    servlet.setUploadPackFactory((request, repository) -> new org.eclipse.jgit.transport.UploadPack(repository));
    server = new TomcatServletWebServerFactory(0).getWebServer(context -> {
      context.addServlet("codecommit", servlet).addMapping("/*");
      context.addFilter("sigv4", (req, res, chain) -> {
        if (signedForThisRequest((HttpServletRequest) req)) {
          chain.doFilter(req, res);
        } else {
          refused.incrementAndGet();
          ((HttpServletResponse) res).setHeader("WWW-Authenticate", "Basic realm=\"codecommit\"");
          ((HttpServletResponse) res).sendError(401);
        }
      }).addMappingForUrlPatterns(null, false, "/*");
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  /** What CodeCommit checks: the user is the access key, the password the signature of GIT <path> for the host. */
  private boolean signedForThisRequest(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.startsWith("Basic ")) {
      return false;
    }
    String[] user = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8).split(":", 2);
    String path = request.getRequestURI().replaceFirst("/(info/refs|git-upload-pack)$", "");
    Instant signedAt = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC)
        .parse(user[1].substring(0, 15), Instant::from);
    var expected = CodeCommitGitCredentials.derive(KEYS, "eu-west-1",
        URI.create("http://127.0.0.1:" + server.getPort() + path), signedAt);
    return user[0].equals(expected.username()) && user[1].equals(expected.password());
  }

  private AwsCodeCommitRepositories repositories(AwsBasicCredentials keys) {
    return new AwsCodeCommitRepositories(URI.create("http://127.0.0.1:" + server.getPort()), "eu-west-1",
        StaticCredentialsProvider.create(keys), temp.resolve("cache"), Clock.systemUTC());
  }

  @Test
  @DisplayName("the source mirrors the repository with SigV4 git credentials and fetches new commits on every job")
  void mirrorsAndFetches() throws Exception {
    AwsCodeCommitRepositories repositories = repositories(KEYS);
    CodeCommitSourceExecutor executor = new CodeCommitSourceExecutor(repositories);
    ActionFixture fixture = new ActionFixture(temp.resolve("fixture"));
    var job = ActionFixture.job(CodeCommitSourceExecutor.TYPE.id())
        .configuration(Map.of("RepositoryName", "app", "BranchName", "main"))
        .outputs(new OutputArtifact("SourceOutput")).build();

    ActionResult first = fixture.run(executor, job);
    String second = git.commit(work, "hello.txt", "two", "Two");
    git.run(work, "push", "-q", temp.resolve("remote/app.git").toString(), "main").ok();
    ActionResult.Succeeded after = (ActionResult.Succeeded) fixture.run(executor, job);

    assertThat(first).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(after.outputVariables()).containsEntry("CommitId", second);
    assertThat(fixture.unzip(after.outputArtifacts().get("SourceOutput")).resolve("hello.txt")).hasContent("two");
    assertThat(refused.get()).as("requests without a valid signature").isLessThanOrEqualTo(2);
  }

  @Test
  @DisplayName("a repository CodeCommit does not have, or keys it refuses, read as absent and leave no mirror behind")
  void absentRepository() {
    assertThat(repositories(KEYS).gitDirectory("missing")).isEmpty();
    assertThat(repositories(AwsBasicCredentials.create("AKIDEXAMPLE", "wrong-secret")).gitDirectory("app")).isEmpty();
    assertThat(temp.resolve("cache/missing.git")).doesNotExist();
    assertThat(temp.resolve("cache/app.git")).doesNotExist();
  }
}

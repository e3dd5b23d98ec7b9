package dev.flowline.actions.source;

import dev.flowline.codecommit.GitCli;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.UploadPack;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Real CodeCommit's git side, played by JGit's smart-HTTP server on 127.0.0.1: like CodeCommit it serves
 * {@code /v1/repos/<name>} and accepts only the SigV4-derived git password of {@link #KEYS} for the request's host
 * and path, in region {@link #REGION}. Repositories are bare directories that tests push to with the git CLI.
 */
public final class CodeCommitGitServer implements AutoCloseable {
  public static final AwsBasicCredentials KEYS = AwsBasicCredentials.create("AKIDEXAMPLE", "codecommit-test-secret");
  public static final String REGION = "eu-west-1";

  private final Path remote;
  private final GitCli git;
  private final WebServer server;
  /** Requests refused for a missing or wrong signature. */
  public final AtomicInteger refused = new AtomicInteger();

  public CodeCommitGitServer(Path directory) throws IOException {
    this.remote = Files.createDirectories(directory.resolve("remote"));
    this.git = new GitCli(directory.resolve("home"));
    GitServlet servlet = new GitServlet();
    servlet.setRepositoryResolver((request, name) -> {
      Path gitDir = remote.resolve(name.replaceFirst("^v1/repos/", "") + ".git").normalize();
      if (!gitDir.startsWith(remote) || !Files.isDirectory(gitDir)) {
        throw new RepositoryNotFoundException(name);
      }
      try {
        return new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
      } catch (IOException e) {
        throw new RepositoryNotFoundException(name, e);
      }
    });
    servlet.setUploadPackFactory((request, repository) -> new UploadPack(repository));
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

  /** {@code http://127.0.0.1:<port>}: the git endpoint ({@code flowline.codecommit.git-endpoint}). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getPort());
  }

  /** {@link AwsCodeCommitRepositories} on this server with {@code keys}, mirroring under {@code cache}. */
  public AwsCodeCommitRepositories repositories(AwsBasicCredentials keys, Path cache) {
    return new AwsCodeCommitRepositories(endpoint(), REGION, StaticCredentialsProvider.create(keys), cache,
        java.time.Clock.systemUTC());
  }

  /** Creates repository {@code name} from the work tree {@code work} (its current branches). */
  public void create(String name, Path work) throws Exception {
    git.run(remote, "clone", "-q", "--bare", work.toString(), name + ".git").ok();
  }

  /** Pushes {@code branch} of {@code work} to repository {@code name}. */
  public void push(String name, Path work, String branch) throws Exception {
    git.run(work, "push", "-q", remote.resolve(name + ".git").toString(), branch).ok();
  }

  /** The bare directory of repository {@code name}. */
  public Path gitDirectory(String name) {
    return remote.resolve(name + ".git");
  }

  /** What CodeCommit checks: the user is the access key, the password the signature of GIT <path> for the host. */
  private boolean signedForThisRequest(HttpServletRequest request) {
    String header = request.getHeader("Authorization");
    if (header == null || !header.startsWith("Basic ")) {
      return false;
    }
    String[] user = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8).split(":", 2);
    if (user.length != 2 || user[1].length() < 16) {
      return false;
    }
    String path = request.getRequestURI().replaceFirst("/(info/refs|git-upload-pack)$", "");
    Instant signedAt = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC)
        .parse(user[1].substring(0, 15), Instant::from);
    var expected = CodeCommitGitCredentials.derive(KEYS, REGION, URI.create(endpoint() + path), signedAt);
    return user[0].equals(expected.username()) && user[1].equals(expected.password());
  }

  @Override
  public void close() {
    server.stop();
  }
}

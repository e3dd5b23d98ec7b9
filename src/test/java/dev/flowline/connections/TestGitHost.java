package dev.flowline.connections;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A git provider's host standing in for github.com or a GitLab server: JGit's real smart-HTTP server on an
 * embedded Tomcat on 127.0.0.1 and a free port, serving bare repositories {@code <owner>/<repo>.git}, and
 * accepting only HTTP Basic with the one token it was given (any user name, as GitHub accepts a token; or only
 * the one user name a provider requires, as Bitbucket requires {@code x-token-auth} with an access token); given
 * no token (null), it serves anyone, as a public host serves a public repository. It records the Basic user each
 * request carried ({@code <anonymous>} for none), so a test can show the token is what authenticated.
 */
public final class TestGitHost implements AutoCloseable {
  private final Path root;
  private final Tomcat tomcat;
  private final Connector connector;
  private volatile String token;
  private final String requiredUser;
  public final List<String> usersSeen = new CopyOnWriteArrayList<>();
  public final List<Integer> refusals = new CopyOnWriteArrayList<>();
  private final Map<String, String> redirects = new ConcurrentHashMap<>();

  public TestGitHost(Path directory, String token) throws LifecycleException, IOException {
    this(directory, token, null);
  }

  /** A host that accepts {@code token} only with the user name {@code requiredUser} (null: any). */
  public TestGitHost(Path directory, String token, String requiredUser) throws LifecycleException, IOException {
    this.requiredUser = requiredUser;
    this.root = Files.createDirectories(directory.resolve("repositories"));
    this.token = token;
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createDirectories(directory.resolve("tomcat")).toString());
    connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", root.toString());
    GitServlet servlet = new GitServlet();
    servlet.setRepositoryResolver((request, name) -> {
      Path gitDir = root.resolve(name.endsWith(".git") ? name : name + ".git").normalize();
      if (!gitDir.startsWith(root) || !Files.isDirectory(gitDir)) {
        throw new RepositoryNotFoundException(name);
      }
      try {
        return new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setMustExist(true).build();
      } catch (IOException e) {
        throw new RepositoryNotFoundException(name, e);
      }
    });
    Tomcat.addServlet(context, "git", servlet);
    context.addServletMappingDecoded("/*", "git");
    FilterDef auth = new FilterDef();
    auth.setFilterName("token");
    auth.setFilter(new TokenFilter());
    context.addFilterDef(auth);
    FilterMap map = new FilterMap();
    map.setFilterName("token");
    map.addURLPattern("/*");
    context.addFilterMap(map);
    tomcat.start();
  }

  /** {@code http://127.0.0.1:<port>}: a host's ProviderEndpoint, or a provider's git URL override. */
  public String url() {
    return "http://127.0.0.1:" + connector.getLocalPort();
  }

  public void token(String token) {
    this.token = token;
  }

  /** Answers every request below {@code /<fullName>.git} with a 301 to the same path below {@code target}. */
  public void redirect(String fullName, String target) {
    redirects.put("/" + fullName + ".git", target);
  }

  /** The bare directory of {@code owner/repo}. */
  public Path gitDirectory(String fullName) {
    return root.resolve(fullName + ".git");
  }

  /** Creates {@code owner/repo} with one commit on {@code branch} holding {@code files} (path, content pairs). */
  public String createRepository(String fullName, String branch, String... files) throws Exception {
    Path gitDir = root.resolve(fullName + ".git");
    try (Git bare = Git.init().setBare(true).setInitialBranch(branch).setGitDir(gitDir.toFile()).call()) {
      bare.getRepository().getConfig().setBoolean("http", null, "receivepack", true);
      bare.getRepository().getConfig().save();
    }
    return commit(fullName, branch, "Initial commit", files);
  }

  /** Commits {@code files} onto {@code branch} (created from the default branch when new); answers the commit id. */
  public String commit(String fullName, String branch, String message, String... files) throws Exception {
    Path gitDir = root.resolve(fullName + ".git");
    Path work = Files.createTempDirectory(root.getParent(), "work");
    try (Git git = Git.cloneRepository().setURI(gitDir.toUri().toString()).setDirectory(work.toFile()).call()) {
      boolean exists = git.getRepository().exactRef("refs/remotes/origin/" + branch) != null;
      if (git.getRepository().resolve("HEAD") != null) {
        git.checkout().setCreateBranch(true).setName("flowline-work")
            .setStartPoint(exists ? "origin/" + branch : "HEAD").call();
      }
      for (int i = 0; i < files.length; i += 2) {
        Path file = work.resolve(files[i]);
        Files.createDirectories(file.getParent());
        Files.writeString(file, files[i + 1]);
      }
      git.add().addFilepattern(".").call();
      PersonIdent author = new PersonIdent("Ada Lovelace", "ada@example.com");
      RevCommit commit = git.commit().setMessage(message).setAuthor(author).setCommitter(author).call();
      git.push().setRefSpecs(new RefSpec("HEAD:refs/heads/" + branch)).call();
      return commit.name();
    }
  }

  @Override
  public void close() throws LifecycleException {
    tomcat.stop();
    tomcat.destroy();
  }

  private final class TokenFilter implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
      HttpServletRequest request = (HttpServletRequest) req;
      HttpServletResponse response = (HttpServletResponse) res;
      for (Map.Entry<String, String> redirect : redirects.entrySet()) {
        if (request.getRequestURI().startsWith(redirect.getKey())) {
          String rest = request.getRequestURI().substring(redirect.getKey().length());
          response.setStatus(301);
          response.setHeader("Location", redirect.getValue() + rest
              + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
          return;
        }
      }
      String header = request.getHeader("Authorization");
      if (token == null) {
        usersSeen.add(header == null ? "<anonymous>" : "<credentials>");
        chain.doFilter(req, res);
        return;
      }
      if (header != null && header.startsWith("Basic ")) {
        String decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        if (colon > 0 && decoded.substring(colon + 1).equals(token)
            && (requiredUser == null || requiredUser.equals(decoded.substring(0, colon)))) {
          usersSeen.add(decoded.substring(0, colon));
          chain.doFilter(req, res);
          return;
        }
      }
      refusals.add(401);
      response.setHeader("WWW-Authenticate", "Basic realm=\"test git host\"");
      response.sendError(401, "Bad credentials");
    }
  }
}

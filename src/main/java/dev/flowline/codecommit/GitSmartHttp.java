package dev.flowline.codecommit;

import dev.flowline.actions.source.GitFsck;
import dev.flowline.triggers.CodeCommitPushTriggers;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.jgit.errors.RepositoryNotFoundException;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;
import org.eclipse.jgit.transport.resolver.ServiceNotAuthorizedException;
import org.eclipse.jgit.transport.resolver.ServiceNotEnabledException;

/**
 * Git's smart HTTP protocol for the hosted repositories, on {@code /git/<name>.git} (or {@code /git/<name>}).
 * Every request, fetch or push, needs HTTP Basic credentials of a Flowline user (Camunda's users, e.g.
 * {@code admin}): CodeCommit repositories are never anonymous. A fetch needs {@link GitPermissions#mayFetch},
 * a push {@link GitPermissions#mayPush} (403 otherwise). A git client first asks without credentials,
 * gets {@code 401} with a {@code Basic} challenge, and asks again with the user and password from the URL,
 * its credential helper or a prompt. A push runs {@link PushHook} once its refs are updated.
 *
 * <p>A push is hostile until checked: every received object is checked as git's fsck checks it (malformed
 * objects, trees with duplicate names, {@code .git}, {@code .} or {@code ..} entries, names with {@code /},
 * names Windows or macOS would alias to one of those), and a pack larger than the push limit is refused
 * while it is received; either way the client sees git's error and no ref moves.
 */
public final class GitSmartHttp {
  static final String REALM = "Flowline git";

  private GitSmartHttp() {}

  /**
   * The servlet to map on {@code /git/*}; put {@link #authentication} in front of it.
   *
   * @param maxPushBytes the largest pack one push may send
   */
  public static GitServlet servlet(HostedRepositories repositories, CodeCommitPushTriggers triggers,
      GitPermissions permissions, long maxPushBytes) {
    GitServlet servlet = new GitServlet();
    servlet.setRepositoryResolver((request, name) -> {
      String repositoryName = name.endsWith(".git") ? name.substring(0, name.length() - 4) : name;
      return repositories.open(repositoryName).orElseThrow(() -> new RepositoryNotFoundException(name));
    });
    servlet.setUploadPackFactory((request, repository) -> {
      String user = requireUser(request);
      if (!permissions.mayFetch(user, nameOf(repository))) {
        throw new ServiceNotEnabledException("User " + user + " may not fetch from " + nameOf(repository)
            + ": fetching needs the readers' role");
      }
      return new UploadPack(repository);
    });
    servlet.setReceivePackFactory((request, repository) -> {
      String user = requireUser(request);
      String name = nameOf(repository);
      if (!permissions.mayPush(user, name)) {
        throw new ServiceNotEnabledException("User " + user + " may not push to " + name
            + ": pushing needs the repository's pushers' group, the editors' role or the administrators'");
      }
      ReceivePack pack = new ReceivePack(repository);
      pack.setRefLogIdent(new PersonIdent(user, user + "@flowline"));
      pack.setObjectChecker(GitFsck.checker());
      pack.setMaxPackSizeLimit(maxPushBytes);
      pack.setPostReceiveHook(new PushHook(name, repositories, triggers));
      return pack;
    });
    return servlet;
  }

  private static String nameOf(Repository repository) {
    String directory = repository.getDirectory().getName();
    return directory.substring(0, directory.length() - 4);
  }

  /** HTTP Basic against {@code users}; the user becomes the request's remote user. */
  public static Filter authentication(GitUsers users) {
    return new BasicAuthentication(users);
  }

  private static String requireUser(HttpServletRequest request) throws ServiceNotAuthorizedException {
    if (request.getRemoteUser() == null) {
      throw new ServiceNotAuthorizedException();
    }
    return request.getRemoteUser();
  }

  private static final class BasicAuthentication implements Filter {
    private final GitUsers users;

    BasicAuthentication(GitUsers users) {
      this.users = users;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
      HttpServletRequest request = (HttpServletRequest) req;
      HttpServletResponse response = (HttpServletResponse) res;
      String user = authenticatedUser(request.getHeader("Authorization"));
      if (user == null) {
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "Authentication required: a Flowline user and password");
        return;
      }
      chain.doFilter(new HttpServletRequestWrapper(request) {
        @Override
        public String getRemoteUser() {
          return user;
        }

        @Override
        public String getAuthType() {
          return HttpServletRequest.BASIC_AUTH;
        }
      }, response);
    }

    private String authenticatedUser(String authorization) {
      if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
        return null;
      }
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        return null;
      }
      String user = decoded.substring(0, colon);
      return users.checkPassword(user, decoded.substring(colon + 1)) ? user : null;
    }
  }
}

package dev.flowline.config;

import dev.flowline.api.ApiProperties;
import dev.flowline.codecommit.GitPermissions;
import dev.flowline.codecommit.GitSmartHttp;
import dev.flowline.codecommit.GitUsers;
import dev.flowline.codecommit.HostedRepositories;
import dev.flowline.engine.AccessControl;
import dev.flowline.engine.Permission;
import dev.flowline.triggers.CodeCommitPushTriggers;
import jakarta.servlet.Filter;
import java.nio.file.Path;
import java.time.Clock;
import org.camunda.bpm.engine.IdentityService;
import org.eclipse.jgit.http.server.GitServlet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Git hosting, CodeCommit's local backend:
 * <ul>
 *   <li>repositories under {@code <flowline.data-dir>/git/<name>.git};</li>
 *   <li>git's smart HTTP on {@code /git/*}, HTTP Basic against Camunda's users ({@link IdentityService#checkPassword});
 *       fetch needs the readers' role, push the repository's pushers' group ({@code git-push-<name>}) or a role
 *       above ({@link AccessControl#mayPush});</li>
 *   <li>{@code flowline.codecommit.clone-url-base}: the URL clone URLs start with (default
 *       {@code http://<server.address>:<port>}, the address Flowline listens on);</li>
 *   <li>{@code flowline.codecommit.max-push-size}: the largest push, see {@link GitHostingProperties}.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GitHostingProperties.class)
public class GitHostingConfiguration {
  static final String GIT_PATH = "/git/*";

  @Bean
  HostedRepositories hostedRepositories(@Value("${flowline.data-dir:./data}") String dataDir,
      @Value("${flowline.codecommit.clone-url-base:}") String cloneUrlBase, ApiProperties properties,
      Environment environment) {
    return new HostedRepositories(Path.of(dataDir).resolve("git"), properties.region(), properties.accountId(),
        () -> cloneUrlBase.isBlank() ? listeningUrl(environment) : stripSlash(cloneUrlBase.strip()), Clock.systemUTC());
  }

  @Bean
  ServletRegistrationBean<GitServlet> gitServlet(HostedRepositories repositories, CodeCommitPushTriggers triggers,
      GitHostingProperties properties, AccessControl access) {
    GitPermissions permissions = new GitPermissions() {
      @Override
      public boolean mayFetch(String userId, String repository) {
        return access.permits(userId, Permission.READ);
      }

      @Override
      public boolean mayPush(String userId, String repository) {
        return access.mayPush(userId, repository);
      }
    };
    ServletRegistrationBean<GitServlet> registration =
        new ServletRegistrationBean<>(GitSmartHttp.servlet(repositories, triggers, permissions, properties.maxPushSize().toBytes()), GIT_PATH);
    registration.setName("flowlineGit");
    registration.setLoadOnStartup(1);
    return registration;
  }

  @Bean
  FilterRegistrationBean<Filter> gitAuthentication(ObjectProvider<IdentityService> identity) {
    GitUsers users = (user, password) -> identity.getObject().checkPassword(user, password);
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(GitSmartHttp.authentication(users));
    registration.addUrlPatterns(GIT_PATH);
    registration.setName("flowlineGitAuthentication");
    return registration;
  }

  /** {@code http://<server.address>:<the port the server got>}; loopback when bound to every interface. */
  static String listeningUrl(Environment environment) {
    String address = environment.getProperty("server.address", "127.0.0.1").strip();
    if (address.isEmpty() || address.equals("0.0.0.0") || address.equals("::")) {
      address = "127.0.0.1";
    }
    if (address.contains(":") && !address.startsWith("[")) {
      address = "[" + address + "]";
    }
    String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
    return "http://" + address + ":" + port;
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}

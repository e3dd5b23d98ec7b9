package dev.flowline;

import com.sun.net.httpserver.HttpServer;
import dev.flowline.connections.TestGitHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Local HTTP servers that stand in for outside services configured at startup (GitHub's REST API, notification
 * targets, bitbucket.org's and gitlab.com's git), started once per test JVM, and the initializer that points the shared test context at them.
 *
 * <p>Why here and not a {@code @DynamicPropertySource} in the test that needs them: a property of its own gives
 * that test a Spring context of its own, which starts a second Camunda engine in the JVM, and Camunda's engine
 * registry, /engine-rest and the webapps are JVM-wide: the shared context's /engine-rest then answered from the
 * other engine (401 for users created in the shared one, no Tasklist tasks). One context, one engine; a test adds
 * its handlers ({@link HttpServer#createContext}) to the server it is given.
 *
 * <p>The notification rules match only pipelines named {@code notifications-*} (NotificationsTest),
 * {@code console-demo-*} (ConsoleBrowserTest's delivery history), {@code notify-bulk-*}
 * (BulkStateChangeNotificationsTest) and {@code notify-retention-*} (NotificationRetentionTest), so no other test's
 * pipeline sends anything.
 */
public final class SharedTestServers implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private static HttpServer gitHubApi;
  private static HttpServer notificationTargets;

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    String targets = "http://127.0.0.1:" + notificationTargets().getAddress().getPort();
    TestPropertyValues.of(
        "flowline.github.api-url=http://127.0.0.1:" + gitHubApi().getAddress().getPort() + "/api/v3",
        "flowline.connections.git-urls.Bitbucket=" + bitbucket().url(),
        "flowline.connections.git-urls.GitLab=" + gitLab().url(),
        "flowline.notifications.poll-interval=100ms",
        "flowline.notifications.backoff=100ms",
        "flowline.notifications.max-attempts=3",
        "flowline.notifications.rules[0].pipeline=notifications-*",
        "flowline.notifications.rules[0].events=execution-started,execution-succeeded,stage-state-change,approval-needed",
        "flowline.notifications.rules[0].url=" + targets + "/hook",
        "flowline.notifications.rules[0].secret=" + NOTIFICATION_SECRET,
        "flowline.notifications.rules[1].pipeline=notifications-*",
        "flowline.notifications.rules[1].events=execution-started",
        "flowline.notifications.rules[1].url=" + targets + "/broken",
        "flowline.notifications.rules[2].pipeline=notifications-*",
        "flowline.notifications.rules[2].events=approval-needed",
        "flowline.notifications.rules[2].url=" + targets + "/slack",
        "flowline.notifications.rules[2].format=slack",
        // ConsoleBrowserTest's demo pipelines notify a closed port, so their page has a delivery history to show
        "flowline.notifications.rules[3].pipeline=console-demo-*",
        "flowline.notifications.rules[3].events=execution-started",
        "flowline.notifications.rules[3].url=http://127.0.0.1:9/flowline-console-test",
        // BulkStateChangeNotificationsTest: every state change of notify-bulk-* pipelines, stops and deletes included
        "flowline.notifications.rules[4].pipeline=notify-bulk-*",
        "flowline.notifications.rules[4].events=execution-started,execution-failed,execution-stopping,"
            + "execution-stopped,execution-superseded,execution-canceled,stage-state-change,action-state-change",
        "flowline.notifications.rules[4].url=" + targets + "/bulk",
        // NotificationRetentionTest: one delivery per event it queues itself
        "flowline.notifications.rules[5].pipeline=notify-retention-*",
        "flowline.notifications.rules[5].events=execution-started",
        "flowline.notifications.rules[5].url=" + targets + "/retention").applyTo(context);
  }

  /** The HMAC secret of the notification rule whose target is {@code /hook}. */
  public static final String NOTIFICATION_SECRET = "hook-secret-value";

  /** Stands in for GitHub's REST API ({@code flowline.github.api-url} = this server's {@code /api/v3}). */
  public static synchronized HttpServer gitHubApi() {
    if (gitHubApi == null) {
      gitHubApi = start();
    }
    return gitHubApi;
  }

  /**
   * Receives the shared context's notifications at {@code /hook}, {@code /broken}, {@code /slack}, {@code /bulk} and
   * {@code /retention}; each test adds the handler of its paths.
   */
  public static synchronized HttpServer notificationTargets() {
    if (notificationTargets == null) {
      notificationTargets = start();
    }
    return notificationTargets;
  }

  /** The access token the Bitbucket stand-in accepts, with the user {@code x-token-auth} only. */
  public static final String BITBUCKET_TOKEN = "bitbucket-access-token-" + UUID.randomUUID();
  /** The access token the gitlab.com stand-in accepts, with the user {@code oauth2} only. */
  public static final String GITLAB_TOKEN = "glpat-" + UUID.randomUUID();

  private static TestGitHost bitbucket;
  private static TestGitHost gitLab;

  /**
   * Stands in for bitbucket.org ({@code flowline.connections.git-urls.Bitbucket}): JGit's git server accepting
   * {@link #BITBUCKET_TOKEN} only as Bitbucket documents access tokens, user {@code x-token-auth}. Shared by every
   * test, so each creates repositories of its own names.
   */
  public static synchronized TestGitHost bitbucket() {
    if (bitbucket == null) {
      bitbucket = gitHost("bitbucket", BITBUCKET_TOKEN, "x-token-auth");
    }
    return bitbucket;
  }

  /** Stands in for gitlab.com ({@code flowline.connections.git-urls.GitLab}): token {@link #GITLAB_TOKEN}, user {@code oauth2}. */
  public static synchronized TestGitHost gitLab() {
    if (gitLab == null) {
      gitLab = gitHost("gitlab", GITLAB_TOKEN, "oauth2");
    }
    return gitLab;
  }

  private static TestGitHost gitHost(String name, String token, String user) {
    try {
      Path directory = Files.createDirectories(Path.of("target", "test-data").toAbsolutePath());
      return new TestGitHost(Files.createTempDirectory(directory, name + "-"), token, user);
    } catch (Exception e) {
      throw new IllegalStateException("The " + name + " git host did not start", e);
    }
  }

  private static HttpServer start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

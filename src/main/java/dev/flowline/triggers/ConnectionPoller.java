package dev.flowline.triggers;

import dev.flowline.connections.Connection;
import dev.flowline.connections.ConnectionCredentials;
import dev.flowline.connections.ConnectionStore;
import dev.flowline.triggers.CodeCommitPushTriggers.StartedExecution;
import dev.flowline.triggers.ConnectionTriggers.WatchedBranch;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Change detection by polling for connections whose provider cannot reach Flowline's webhook receiver: every
 * {@code flowline.connections.poll-interval} (off when zero, the default), one {@code git ls-remote} per watched
 * (connection, repository, branch) — one poller per source, however many pipelines or versions read it. The first
 * head seen is the baseline; a new head is claimed by inserting (source, commit) into {@code flowline_source_poll}
 * and only the node whose insert succeeds starts the pipelines, exactly as a push webhook would (default change
 * detection and V2 push filters; trigger {@code PollForSourceChanges}). Failures (a refused token, an unreachable
 * host) are logged per source and retried at the next round.
 */
public class ConnectionPoller implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ConnectionPoller.class);

  private final ConnectionTriggers triggers;
  private final ConnectionStore store;
  private final SourcePollClaims claims;
  private final PollSchedule schedule;

  public ConnectionPoller(ConnectionTriggers triggers, ConnectionStore store, JdbcTemplate jdbc, Duration interval,
      Clock clock) {
    this.triggers = triggers;
    this.store = store;
    this.schedule = new PollSchedule("flowline-connection-poller", interval);
    this.claims = new SourcePollClaims(jdbc, clock);
  }

  /** One round over every watched branch; answers what it started. Safe to call from several nodes at once. */
  public List<StartedExecution> pollOnce() {
    List<StartedExecution> started = new ArrayList<>();
    for (WatchedBranch source : triggers.watchedBranches()) {
      try {
        started.addAll(poll(source));
      } catch (RuntimeException e) {
        log.warn("Polling {} {} of connection {} failed: {}", source.repository(), source.branch(),
            source.connectionId(), e.getMessage());
      }
    }
    return started;
  }

  private List<StartedExecution> poll(WatchedBranch source) {
    Optional<Connection> connection = store.connectionById(source.connectionId()).filter(Connection::available);
    if (connection.isEmpty()) {
      return List.of();
    }
    Optional<String> head = head(connection.get(), source);
    if (head.isEmpty()) {
      return List.of();
    }
    String key = source.connectionId() + "/" + source.repository() + "#" + source.branch();
    Optional<String> previous = claims.claim(key, head.get());
    if (previous.isEmpty()) {
      return List.of();
    }
    return triggers.delivered(connection.get(), new WebhookEvent.Push(source.repository(),
        "refs/heads/" + source.branch(), previous.get(), head.get(), null), "PollForSourceChanges");
  }

  private Optional<String> head(Connection connection, WatchedBranch source) {
    ConnectionCredentials credentials = store.credentials(connection).orElseThrow();
    return head(credentials.gitBaseUrl() + "/" + source.repository() + ".git", credentials.user(), credentials.token(),
        source.branch());
  }

  /** The commit {@code branch} points at on the remote ({@code git ls-remote --heads}), empty when it is absent. */
  static Optional<String> head(String url, String user, String token, String branch) {
    try {
      return Git.lsRemoteRepository().setRemote(url)
          .setCredentialsProvider(new UsernamePasswordCredentialsProvider(user, token))
          .setHeads(true).setTimeout(60).call().stream()
          .filter(ref -> ref.getName().equals("refs/heads/" + branch))
          .map(Ref::getObjectId).filter(id -> id != null).map(id -> id.name()).findFirst();
    } catch (GitAPIException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public void start() {
    schedule.start(this::pollOnce);
  }

  @Override
  public void stop() {
    schedule.stop();
  }

  @Override
  public boolean isRunning() {
    return schedule.isRunning();
  }
}

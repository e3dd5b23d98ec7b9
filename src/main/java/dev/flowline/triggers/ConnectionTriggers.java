package dev.flowline.triggers;

import dev.flowline.actions.source.PullRequestRevisions;
import dev.flowline.connections.Connection;
import dev.flowline.connections.ConnectionStore;
import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.StartRequest;
import dev.flowline.engine.StartRequest.SourceRevisionOverride;
import dev.flowline.execution.PipelineQueries;
import dev.flowline.execution.PipelineSummary;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineTriggerDeclaration;
import dev.flowline.triggers.CodeCommitPushTriggers.StartedExecution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts the pipelines a connection's webhook event selects. A pipeline starts (once per event) when one of its
 * {@code Source/AWS/CodeStarSourceConnection} actions names this connection and the event's repository
 * ({@code FullRepositoryId}, case-insensitive as the providers' names are) and:
 * <ul>
 *   <li>a V2 trigger names the action: its push filters match the push ({@link PushFilters}), or its
 *       pull-request filters match the pull request ({@link PullRequestFilters}). Trigger {@code WebhookV2}.</li>
 *   <li>no trigger names it: a push that moves its {@code BranchName}, unless {@code DetectChanges} is
 *       {@code false} (AWS's default change detection). Trigger {@code Webhook}. Pull requests start nothing.</li>
 * </ul>
 * The pushed commit, or the pull request's head commit, becomes the action's {@code COMMIT_ID} source revision;
 * a pull request's id, branches and event travel with it ({@link PullRequestRevisions}).
 * Changed paths come from the payload, or, when it has none or was truncated, from comparing the commits on the
 * provider ({@link RemoteChangedFiles}) — only when a file-path filter asks.
 */
@Component
public class ConnectionTriggers {
  static final String CONNECTION_SOURCE = "Source/AWS/CodeStarSourceConnection/1";
  private static final Logger log = LoggerFactory.getLogger(ConnectionTriggers.class);

  private final PipelineQueries pipelines;
  private final ExecutionService executions;
  private final ConnectionStore store;
  private final RemoteChangedFiles remote;

  public ConnectionTriggers(PipelineQueries pipelines, ExecutionService executions, ConnectionStore store) {
    this.pipelines = pipelines;
    this.executions = executions;
    this.store = store;
    this.remote = new RemoteChangedFiles(store);
  }

  /** Starts every pipeline the event selects; returns what was started. */
  public List<StartedExecution> delivered(Connection connection, WebhookEvent event) {
    return delivered(connection, event, null);
  }

  /** As {@link #delivered(Connection, WebhookEvent)}, the executions' trigger type {@code triggerType} when given. */
  public List<StartedExecution> delivered(Connection connection, WebhookEvent event, String triggerType) {
    Selector selector = event instanceof WebhookEvent.Push push ? pushSelector(connection, push)
        : event instanceof WebhookEvent.PullRequest pr ? pullRequestSelector(connection, pr) : null;
    if (selector == null) {
      return List.of();
    }
    List<StartedExecution> started = new ArrayList<>();
    for (PipelineSummary summary : pipelines.list()) {
      Optional<StoredPipeline> pipeline = pipelines.find(summary.name(), null);
      Optional<StartRequest> request;
      try {
        request = pipeline.flatMap(p -> watch(p.declaration(), connection, event.repository(), selector))
            .map(r -> triggerType == null ? r : new StartRequest(r.variables(), r.clientRequestToken(),
                r.sourceRevisions(), triggerType, r.triggerDetail()));
      } catch (RuntimeException e) {
        // the changed files could not be compared on the provider: this pipeline cannot be judged, the others can
        log.warn("Webhook of connection {} for {}: pipeline={} not started, its filters could not be evaluated: {}",
            connection.id(), event.repository(), summary.name(), e.getMessage());
        continue;
      }
      if (request.isEmpty()) {
        continue;
      }
      try {
        String executionId = executions.start(summary.name(), request.get());
        log.info("Webhook of connection {} for {} started pipeline={} execution={} trigger={}", connection.id(),
            event.repository(), summary.name(), executionId, request.get().triggerType());
        started.add(new StartedExecution(summary.name(), executionId, request.get().triggerType()));
      } catch (RuntimeException e) {
        log.warn("Webhook of connection {} for {} could not start pipeline={}: {}", connection.id(),
            event.repository(), summary.name(), e.getMessage());
      }
    }
    return started;
  }

  /** How one source action judges the event: by its trigger, or by default change detection; null = no match. */
  private interface Selector {
    String byTrigger(PipelineTriggerDeclaration trigger);

    String byDefault(Map<String, String> configuration);

    /** What the run's source action is told besides the commit (a pull request's id and branches). */
    default List<String[]> details() {
      return List.of();
    }
  }

  private Selector pushSelector(Connection connection, WebhookEvent.Push event) {
    Supplier<Set<String>> files = event.payloadFiles() != null ? event::payloadFiles
        : memoized(() -> remote.changed(connection, event.repository(), List.of(event.refName()), event.before(),
            event.commit(), false));
    GitPush push = new GitPush(event.repository(), connection.arn(), event.refName(), event.before(), event.commit(), files);
    return new Selector() {
      @Override
      public String byTrigger(PipelineTriggerDeclaration trigger) {
        return PushFilters.anyMatches(trigger.gitConfiguration().push(), push) ? push.newCommitId() : null;
      }

      @Override
      public String byDefault(Map<String, String> configuration) {
        boolean watched = !push.deletesRef() && !"false".equalsIgnoreCase(configuration.get("DetectChanges"))
            && push.branch().filter(b -> b.equals(configuration.get("BranchName"))).isPresent();
        return watched ? push.newCommitId() : null;
      }
    };
  }

  private Selector pullRequestSelector(Connection connection, WebhookEvent.PullRequest event) {
    String sourceRef = switch (connection.providerType().dialect()) {
      case GITHUB -> "refs/pull/" + event.number() + "/head";
      case GITLAB -> "refs/merge-requests/" + event.number() + "/head";
      case BITBUCKET -> "refs/heads/" + event.sourceBranch();
    };
    Supplier<String> head = memoized(() -> event.headCommit().length() == 40 ? event.headCommit()
        : Optional.ofNullable(remote.head(connection, event.repository(), "refs/heads/" + event.sourceBranch()))
            .filter(full -> full.startsWith(event.headCommit())).orElse(event.headCommit()));
    String destinationRef = "refs/heads/" + event.destinationBranch();
    Supplier<Set<String>> files = memoized(() -> remote.changed(connection, event.repository(),
        List.of(sourceRef, "refs/heads/" + event.sourceBranch(), destinationRef), destinationRef, head.get(), true));
    PullRequestEvent pr = new PullRequestEvent(event.repository(), event.kind(), event.number(), event.sourceBranch(),
        event.destinationBranch(), event.headCommit(), files);
    return new Selector() {
      @Override
      public String byTrigger(PipelineTriggerDeclaration trigger) {
        return PullRequestFilters.anyMatches(trigger.gitConfiguration().pullRequest(), pr) ? head.get() : null;
      }

      @Override
      public String byDefault(Map<String, String> configuration) {
        return null;
      }

      @Override
      public List<String[]> details() {
        return List.of(new String[] {PullRequestRevisions.ID, event.number()},
            new String[] {PullRequestRevisions.SOURCE_BRANCH, event.sourceBranch()},
            new String[] {PullRequestRevisions.DESTINATION_BRANCH, event.destinationBranch()},
            new String[] {PullRequestRevisions.EVENT, event.kind().name()});
      }
    };
  }

  private Optional<StartRequest> watch(PipelineDeclaration declaration, Connection connection, String repository,
      Selector selector) {
    List<SourceRevisionOverride> overrides = new ArrayList<>();
    boolean byTrigger = false;
    for (ActionDeclaration action : connectionSources(declaration)) {
      Map<String, String> configuration = action.configurationOrEmpty();
      boolean same = store.idOf(configuration.get("ConnectionArn"), "connection").filter(connection.id()::equals)
          .isPresent() && repository.equalsIgnoreCase(configuration.getOrDefault("FullRepositoryId", ""));
      if (!same) {
        continue;
      }
      Optional<PipelineTriggerDeclaration> trigger = declaration.triggersOrEmpty().stream()
          .filter(t -> t.gitConfiguration() != null && action.name().equals(t.gitConfiguration().sourceActionName()))
          .findFirst();
      String commit = trigger.isPresent() ? selector.byTrigger(trigger.get()) : selector.byDefault(configuration);
      if (commit != null) {
        byTrigger |= trigger.isPresent();
        overrides.add(new SourceRevisionOverride(action.name(), "COMMIT_ID", commit));
        for (String[] detail : selector.details()) {
          overrides.add(new SourceRevisionOverride(action.name(), detail[0], detail[1]));
        }
      }
    }
    if (overrides.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new StartRequest(Map.of(), null, overrides, byTrigger ? "WebhookV2" : "Webhook",
        connection.arn()));
  }

  /** A branch some pipeline's connection source reads: what a poller watches, once for all pipelines. */
  public record WatchedBranch(String connectionId, String repository, String branch) {}

  /** Every (connection, repository, branch) the current pipelines' connection sources read, without duplicates. */
  public java.util.Set<WatchedBranch> watchedBranches() {
    java.util.Set<WatchedBranch> watched = new java.util.LinkedHashSet<>();
    for (PipelineSummary summary : pipelines.list()) {
      pipelines.find(summary.name(), null).ifPresent(p -> connectionSources(p.declaration()).forEach(action -> {
        Map<String, String> configuration = action.configurationOrEmpty();
        store.idOf(configuration.get("ConnectionArn"), "connection").ifPresent(id -> {
          if (configuration.get("FullRepositoryId") != null && configuration.get("BranchName") != null) {
            watched.add(new WatchedBranch(id, configuration.get("FullRepositoryId"),
                configuration.get("BranchName")));
          }
        });
      }));
    }
    return watched;
  }

  private static List<ActionDeclaration> connectionSources(PipelineDeclaration declaration) {
    return declaration.stagesOrEmpty().stream().limit(1)
        .flatMap(stage -> stage.actionsOrEmpty().stream())
        .filter(action -> action.actionTypeId() != null && CONNECTION_SOURCE.equals(action.actionTypeId().topic()))
        .toList();
  }

  private static <T> Supplier<T> memoized(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;
      private boolean computed;

      @Override
      public synchronized T get() {
        if (!computed) {
          value = supplier.get();
          computed = true;
        }
        return value;
      }
    };
  }
}

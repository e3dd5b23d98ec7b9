package dev.flowline.triggers;

import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.StartRequest;
import dev.flowline.engine.StartRequest.SourceRevisionOverride;
import dev.flowline.execution.PipelineQueries;
import dev.flowline.execution.PipelineSummary;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.triggers.CodeCommitPushTriggers.StartedExecution;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code PollForSourceChanges} of {@code Source/ThirdParty/GitHub/1} (issue 14), on the connection poller's
 * machinery: every {@code flowline.connections.poll-interval} (off when zero) one {@code git ls-remote} per watched
 * (Owner, Repo, Branch) with an {@code OAuthToken} of a pipeline that reads it — one poll per branch however many
 * pipelines read it. Pipelines whose action sets {@code PollForSourceChanges} to {@code false} (what a V1 webhook
 * goes with) are not started; absent means {@code true}, as on AWS. The first head seen is the baseline; a new head
 * is claimed by its (branch, commit) row in {@code flowline_source_poll}, so two nodes start it once, and each
 * pipeline starts on that commit (trigger {@code PollForSourceChanges}). A token GitHub refuses is logged (never the
 * token) and the next pipeline's token is tried at the next round.
 */
public class GitHubSourcePoller implements SmartLifecycle {
  static final String GITHUB_SOURCE = "Source/ThirdParty/GitHub/1";
  private static final Logger log = LoggerFactory.getLogger(GitHubSourcePoller.class);

  private final PipelineQueries pipelines;
  private final ExecutionService executions;
  private final String gitHubUrl;
  private final SourcePollClaims claims;
  private final PollSchedule schedule;

  /** @param gitHubUrl where GitHub's git is reached, as the action reads it ({@code https://github.com}) */
  public GitHubSourcePoller(PipelineQueries pipelines, ExecutionService executions, JdbcTemplate jdbc,
      String gitHubUrl, Duration interval, Clock clock) {
    this.pipelines = pipelines;
    this.executions = executions;
    this.gitHubUrl = gitHubUrl.endsWith("/") ? gitHubUrl.substring(0, gitHubUrl.length() - 1) : gitHubUrl;
    this.schedule = new PollSchedule("flowline-github-source-poller", interval);
    this.claims = new SourcePollClaims(jdbc, clock);
  }

  /** A branch some pipelines' GitHub v1 sources poll. */
  record WatchedBranch(String owner, String repo, String branch) {}

  /** One pipeline's action reading a watched branch, with its token. */
  record Reader(String pipelineName, String actionName, String token) {}

  /** One round over every watched branch; answers what it started. Safe to call from several nodes at once. */
  public List<StartedExecution> pollOnce() {
    List<StartedExecution> started = new ArrayList<>();
    watched().forEach((branch, readers) -> {
      try {
        started.addAll(poll(branch, readers));
      } catch (RuntimeException e) {
        log.warn("Polling GitHub {}/{} {} failed: {}", branch.owner(), branch.repo(), branch.branch(), e.getMessage());
      }
    });
    return started;
  }

  Map<WatchedBranch, List<Reader>> watched() {
    Map<WatchedBranch, List<Reader>> watched = new LinkedHashMap<>();
    for (PipelineSummary summary : pipelines.list()) {
      pipelines.find(summary.name(), null).ifPresent(p -> p.declaration().stagesOrEmpty().stream().limit(1)
          .flatMap(stage -> stage.actionsOrEmpty().stream())
          .filter(action -> action.actionTypeId() != null && GITHUB_SOURCE.equals(action.actionTypeId().topic()))
          .forEach(action -> watch(watched, summary.name(), action)));
    }
    return watched;
  }

  private static void watch(Map<WatchedBranch, List<Reader>> watched, String pipeline, ActionDeclaration action) {
    Map<String, String> c = action.configurationOrEmpty();
    if ("false".equalsIgnoreCase(c.getOrDefault("PollForSourceChanges", "true").strip())) {
      return;
    }
    String owner = c.get("Owner");
    String repo = c.get("Repo");
    String branch = c.get("Branch");
    String token = c.get("OAuthToken");
    if (owner == null || repo == null || branch == null || token == null || token.isBlank()
        || !owner.matches("[\\w.-]+") || !repo.matches("[\\w.-]+") || owner.equals("..") || repo.equals("..")) {
      return; // the action itself fails such a configuration loudly when it runs
    }
    watched.computeIfAbsent(new WatchedBranch(owner, repo, branch), k -> new ArrayList<>())
        .add(new Reader(pipeline, action.name(), token));
  }

  private List<StartedExecution> poll(WatchedBranch branch, List<Reader> readers) {
    Optional<String> head = Optional.empty();
    RuntimeException refused = null;
    for (String token : readers.stream().map(Reader::token).distinct().toList()) {
      try {
        head = ConnectionPoller.head(gitHubUrl + "/" + branch.owner() + "/" + branch.repo() + ".git",
            "x-access-token", token, branch.branch());
        refused = null;
        break;
      } catch (RuntimeException e) {
        refused = e;
      }
    }
    if (refused != null) {
      throw refused;
    }
    if (head.isEmpty()) {
      return List.of();
    }
    String commit = head.get();
    String key = "github:" + branch.owner() + "/" + branch.repo() + "#" + branch.branch();
    if (claims.claim(key, commit).isEmpty()) {
      return List.of();
    }
    Map<String, List<SourceRevisionOverride>> byPipeline = new LinkedHashMap<>();
    readers.forEach(r -> byPipeline.computeIfAbsent(r.pipelineName(), k -> new ArrayList<>())
        .add(new SourceRevisionOverride(r.actionName(), "COMMIT_ID", commit)));
    List<StartedExecution> started = new ArrayList<>();
    byPipeline.forEach((pipeline, overrides) -> {
      try {
        String executionId = executions.start(pipeline, new StartRequest(Map.of(), null, overrides,
            "PollForSourceChanges", branch.owner() + "/" + branch.repo() + "#" + branch.branch()));
        log.info("GitHub {}/{} {} moved to {}: started pipeline={} execution={}", branch.owner(), branch.repo(),
            branch.branch(), commit, pipeline, executionId);
        started.add(new StartedExecution(pipeline, executionId, "PollForSourceChanges"));
      } catch (RuntimeException e) {
        log.warn("GitHub {}/{} {} moved: could not start pipeline={}: {}", branch.owner(), branch.repo(),
            branch.branch(), pipeline, e.getMessage());
      }
    });
    return started;
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

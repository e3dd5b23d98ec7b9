package dev.flowline.triggers;

import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.StartRequest;
import dev.flowline.engine.StartRequest.SourceRevisionOverride;
import dev.flowline.execution.PipelineQueries;
import dev.flowline.execution.PipelineSummary;
import dev.flowline.execution.StoredPipeline;
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
 * {@code PollForSourceChanges} of {@code Source/AWS/CodeCommit/1} on repositories in AWS CodeCommit
 * ({@code flowline.codecommit.use-aws=true}; the repositories Flowline hosts report their pushes themselves, see
 * {@link CodeCommitPushTriggers}). Every {@code flowline.codecommit.poll-interval} one look at each watched
 * (repository, branch) — one per branch, however many pipelines or versions read it — through {@link BranchHeads}
 * ({@code git ls-remote} with SigV4 git credentials). Pipelines whose first-stage CodeCommit source sets
 * {@code PollForSourceChanges} to {@code false} are not started (on AWS an EventBridge rule would, which cannot
 * reach Flowline); absent means {@code true}, as on AWS. The first head seen is the baseline; a new head is claimed
 * by its (branch, commit) row in {@code flowline_source_poll}, so two nodes start it once. Each polling pipeline
 * starts on that commit (a {@code COMMIT_ID} source revision; in PARALLEL mode none, as AWS's CodeCommit source then
 * reads the branch head when it runs), trigger {@code PollForSourceChanges}, detail {@code repository#branch}.
 */
public class CodeCommitSourcePoller implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(CodeCommitSourcePoller.class);

  /** Where a CodeCommit branch points now; empty when the branch does not exist. May throw when CodeCommit refuses. */
  @FunctionalInterface
  public interface BranchHeads {
    Optional<String> head(String repositoryName, String branch);
  }

  /** A branch some pipelines' CodeCommit sources poll. */
  record WatchedBranch(String repository, String branch) {}

  /** A pipeline reading a watched branch: its CodeCommit actions that do, and whether it runs in PARALLEL mode. */
  record Reader(List<String> actionNames, boolean parallel) {}

  private final PipelineQueries pipelines;
  private final ExecutionService executions;
  private final BranchHeads heads;
  private final String sourcePrefix;
  private final SourcePollClaims claims;
  private final PollSchedule schedule;

  /** @param region CodeCommit's region: part of the claim's key, so another region's branch is another source */
  public CodeCommitSourcePoller(PipelineQueries pipelines, ExecutionService executions, BranchHeads heads,
      String region, JdbcTemplate jdbc, Duration interval, Clock clock) {
    this.pipelines = pipelines;
    this.executions = executions;
    this.heads = heads;
    this.sourcePrefix = "codecommit:" + region + ":";
    this.claims = new SourcePollClaims(jdbc, clock);
    this.schedule = new PollSchedule("flowline-codecommit-source-poller", interval);
  }

  /** One round over every watched branch; answers what it started. Safe to call from several nodes at once. */
  public List<StartedExecution> pollOnce() {
    List<StartedExecution> started = new ArrayList<>();
    watched().forEach((branch, readers) -> {
      try {
        started.addAll(poll(branch, readers));
      } catch (RuntimeException e) {
        log.warn("Polling CodeCommit {} {} failed: {}", branch.repository(), branch.branch(), e.getMessage());
      }
    });
    return started;
  }

  /** Every polled branch with the pipelines (latest versions) whose first-stage CodeCommit source reads it. */
  Map<WatchedBranch, Map<String, Reader>> watched() {
    Map<WatchedBranch, Map<String, Reader>> watched = new LinkedHashMap<>();
    for (PipelineSummary summary : pipelines.list()) {
      Optional<StoredPipeline> pipeline = pipelines.find(summary.name(), null);
      if (pipeline.isEmpty()) {
        continue;
      }
      boolean parallel = "PARALLEL".equals(pipeline.get().declaration().executionMode());
      pipeline.get().declaration().stagesOrEmpty().stream().limit(1)
          .flatMap(stage -> stage.actionsOrEmpty().stream())
          .filter(action -> action.actionTypeId() != null
              && CodeCommitPushTriggers.CODECOMMIT.equals(action.actionTypeId().topic()))
          .filter(CodeCommitSourcePoller::polls)
          .forEach(action -> watched.computeIfAbsent(new WatchedBranch(
                  action.configurationOrEmpty().get("RepositoryName"), action.configurationOrEmpty().get("BranchName")),
                  k -> new LinkedHashMap<>())
              .computeIfAbsent(summary.name(), k -> new Reader(new ArrayList<>(), parallel))
              .actionNames().add(action.name()));
    }
    return watched;
  }

  private static boolean polls(ActionDeclaration action) {
    Map<String, String> c = action.configurationOrEmpty();
    return !"false".equalsIgnoreCase(c.getOrDefault("PollForSourceChanges", "true").strip())
        && c.get("RepositoryName") != null && c.get("RepositoryName").matches("[\\w.-]{1,100}")
        && c.get("BranchName") != null && !c.get("BranchName").isBlank();
  }

  private List<StartedExecution> poll(WatchedBranch branch, Map<String, Reader> readers) {
    Optional<String> head = heads.head(branch.repository(), branch.branch());
    if (head.isEmpty()) {
      return List.of();
    }
    String commit = head.get();
    if (claims.claim(sourcePrefix + branch.repository() + "#" + branch.branch(), commit).isEmpty()) {
      return List.of();
    }
    List<StartedExecution> started = new ArrayList<>();
    readers.forEach((pipeline, reader) -> {
      List<SourceRevisionOverride> overrides = reader.parallel() ? List.of() : reader.actionNames().stream()
          .map(action -> new SourceRevisionOverride(action, "COMMIT_ID", commit)).toList();
      try {
        String executionId = executions.start(pipeline, new StartRequest(Map.of(), null, overrides,
            "PollForSourceChanges", branch.repository() + "#" + branch.branch()));
        log.info("CodeCommit {} {} moved to {}: started pipeline={} execution={}", branch.repository(),
            branch.branch(), commit, pipeline, executionId);
        started.add(new StartedExecution(pipeline, executionId, "PollForSourceChanges"));
      } catch (RuntimeException e) {
        log.warn("CodeCommit {} {} moved: could not start pipeline={}: {}", branch.repository(), branch.branch(),
            pipeline, e.getMessage());
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

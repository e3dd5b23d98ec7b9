package dev.flowline.triggers;

import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.StartRequest;
import dev.flowline.engine.StartRequest.SourceRevisionOverride;
import dev.flowline.execution.PipelineQueries;
import dev.flowline.execution.PipelineSummary;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineTriggerDeclaration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts pipelines when a hosted repository receives a push. A pipeline starts (once per pushed ref) when one
 * of its {@code Source/AWS/CodeCommit} actions watches the push:
 * <ul>
 *   <li>an action that a V2 trigger names ({@code gitConfiguration.sourceActionName}) watches exactly what the
 *       trigger's push filters match ({@link PushFilters}); "when a trigger configuration is specified, default
 *       change detection is disabled". The execution's trigger is {@code WebhookV2}.</li>
 *   <li>any other CodeCommit action watches its {@code RepositoryName} and {@code BranchName}: a push that moves
 *       that branch starts the pipeline, as CodeCommit's change detection (an EventBridge rule) does on AWS.
 *       {@code PollForSourceChanges} is not read: a hosted repository reports its pushes itself. The trigger is
 *       {@code CloudWatchEvent}.</li>
 * </ul>
 * The pushed commit becomes the source revision of every watching action ({@code COMMIT_ID} override), except
 * for CloudWatchEvent starts of PARALLEL pipelines: there AWS's CodeCommit source clones the branch head when the
 * action starts, whatever commit started the execution (reference §5.3), and so does Flowline. A push that
 * deletes a ref, or that no pipeline watches, starts nothing.
 */
@Component
public class CodeCommitPushTriggers {
  static final String CODECOMMIT = "Source/AWS/CodeCommit/1";
  private static final Logger log = LoggerFactory.getLogger(CodeCommitPushTriggers.class);

  private final PipelineQueries pipelines;
  private final ExecutionService executions;

  public CodeCommitPushTriggers(PipelineQueries pipelines, ExecutionService executions) {
    this.pipelines = pipelines;
    this.executions = executions;
  }

  /** An execution a push started. */
  public record StartedExecution(String pipelineName, String pipelineExecutionId, String triggerType) {}

  /** A pipeline that watches a push, and the start request that runs it. */
  record Watch(String pipelineName, StartRequest request) {}

  /**
   * Starts every pipeline that watches {@code push}; returns what was started. A pipeline that cannot start
   * (it was deleted meanwhile, a variable has no value) is logged and skipped, the others still start.
   */
  public List<StartedExecution> pushed(GitPush push) {
    List<StartedExecution> started = new ArrayList<>();
    for (PipelineSummary summary : pipelines.list()) {
      Optional<StoredPipeline> pipeline = pipelines.find(summary.name(), null);
      Optional<Watch> watch = pipeline.flatMap(p -> watch(p.declaration(), push));
      if (watch.isEmpty()) {
        continue;
      }
      try {
        String executionId = executions.start(watch.get().pipelineName(), watch.get().request());
        log.info("Push to {} {} ({}) started pipeline={} execution={} trigger={}", push.repositoryName(),
            push.refName(), push.newCommitId(), summary.name(), executionId, watch.get().request().triggerType());
        started.add(new StartedExecution(summary.name(), executionId, watch.get().request().triggerType()));
      } catch (RuntimeException e) {
        log.warn("Push to {} {} could not start pipeline={}: {}", push.repositoryName(), push.refName(),
            summary.name(), e.getMessage());
      }
    }
    return started;
  }

  /** Whether (and how) the pipeline declared as {@code declaration} runs for this push. */
  static Optional<Watch> watch(PipelineDeclaration declaration, GitPush push) {
    if (push.deletesRef()) {
      return Optional.empty();
    }
    List<SourceRevisionOverride> overrides = new ArrayList<>();
    boolean byTrigger = false;
    boolean byChangeDetection = false;
    for (ActionDeclaration action : codeCommitSources(declaration)) {
      Map<String, String> configuration = action.configurationOrEmpty();
      if (!push.repositoryName().equals(configuration.get("RepositoryName"))) {
        continue;
      }
      Optional<PipelineTriggerDeclaration> trigger = declaration.triggersOrEmpty().stream()
          .filter(t -> t.gitConfiguration() != null && action.name().equals(t.gitConfiguration().sourceActionName()))
          .findFirst();
      if (trigger.isPresent()) {
        if (PushFilters.anyMatches(trigger.get().gitConfiguration().push(), push)) {
          byTrigger = true;
          overrides.add(commit(action, push));
        }
      } else if (push.branch().filter(b -> b.equals(configuration.get("BranchName"))).isPresent()) {
        byChangeDetection = true;
        if (!"PARALLEL".equals(declaration.executionMode())) {
          overrides.add(commit(action, push));
        }
      }
    }
    if (!byTrigger && !byChangeDetection) {
      return Optional.empty();
    }
    String triggerType = byTrigger ? "WebhookV2" : "CloudWatchEvent";
    return Optional.of(new Watch(declaration.name(),
        new StartRequest(Map.of(), null, overrides, triggerType, push.repositoryArn())));
  }

  private static SourceRevisionOverride commit(ActionDeclaration action, GitPush push) {
    return new SourceRevisionOverride(action.name(), "COMMIT_ID", push.newCommitId());
  }

  private static List<ActionDeclaration> codeCommitSources(PipelineDeclaration declaration) {
    return declaration.stagesOrEmpty().stream().limit(1)
        .flatMap(stage -> stage.actionsOrEmpty().stream())
        .filter(action -> action.actionTypeId() != null && CODECOMMIT.equals(action.actionTypeId().topic()))
        .toList();
  }
}

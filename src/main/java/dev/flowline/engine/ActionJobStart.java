package dev.flowline.engine;

import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.execution.ExecutionRecords.ActionRow;
import dev.flowline.execution.ExecutionStatus;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.VariableReferences.UnresolvedVariableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What every client of an action's job does first, once it holds the job's lease: the in-process
 * {@link ActionWorker} and the remote job API alike. A job that needs no work is settled here — its stage was
 * skipped, its action timed out, a FAILED_ACTIONS retry reuses an earlier success, a stop is pending, or its
 * configuration cannot be resolved — and only a job with work to do is handed on, assembled.
 */
@Component
class ActionJobStart {
  private static final Logger log = LoggerFactory.getLogger(ActionJobStart.class);

  private final PipelineModels models;
  private final ActionJobs jobs;
  private final ActionOutcomes outcomes;
  private final Clock clock;

  ActionJobStart(PipelineModels models, ActionJobs jobs, ActionOutcomes outcomes, Clock clock) {
    this.models = models;
    this.jobs = jobs;
    this.outcomes = outcomes;
    this.clock = clock;
  }

  /** A job with work to do: its pipeline version, action record and declaration, and the assembled job. */
  record Started(PipelineModel model, ActionRow row, ActionDeclaration action, ActionJob job, Duration timeout) {}

  /** A job found but settled here (nothing for the caller to run). */
  Optional<Started> begin(JobTask task, String workerId, ActionTypeSpec type) {
    PipelineModel model = models.forDefinition(task.processDefinitionId());
    var ref = model.element(task.activityId());
    ActionDeclaration action = model.action(ref.stageName(), ref.actionName());
    var found = outcomes.action(task.activityInstanceId());
    if (found.isEmpty()) {
      if (!outcomes.completeSkipped(task, workerId, ref.stageName())) {
        log.error("No action record for activity instance {}", task.activityInstanceId());
      }
      return Optional.empty();
    }
    ActionRow row = found.get().action();
    if (ExecutionStatus.isFinal(row.status()) && ExecutionStatus.STOPPING.equals(found.get().execution().status())) {
      // it ended while a stop-and-wait was pending and was not moved on: wait for the others still running
      outcomes.settleStop(row);
      return Optional.empty();
    }
    Duration timeout = timeout(action, type);
    Duration remaining = timeout.minusMillis(clock.millis() - row.startTime());
    if (remaining.isNegative() || remaining.isZero()) {
      outcomes.fail(task, workerId, row, timedOut(timeout));
      return Optional.empty();
    }
    var execution = found.get().execution();
    if (row.continuationToken() == null && outcomes.reuseEarlierSuccess(task, workerId, row, execution)) {
      return Optional.empty();
    }
    if (row.continuationToken() == null && ExecutionStatus.STOPPING.equals(execution.status())) {
      outcomes.settleStop(row);
      return Optional.empty();
    }
    try {
      return Optional.of(new Started(model, row, action, jobs.assemble(model, row, execution, action, remaining),
          timeout));
    } catch (UnresolvedVariableException | IllegalStateException e) {
      outcomes.fail(task, workerId, row, ActionResult.Failed.configurationError(e.getMessage()));
      return Optional.empty();
    }
  }

  static ActionResult.Failed timedOut(Duration timeout) {
    return new ActionResult.Failed("JobFailed", "The action timed out after " + timeout.toMinutes() + " minutes",
        null, null);
  }

  /** The declared timeout, else the type's default (CodePipeline's), else one hour. */
  static Duration timeout(ActionDeclaration action, ActionTypeSpec spec) {
    if (action.timeoutInMinutes() != null) {
      return Duration.ofMinutes(action.timeoutInMinutes());
    }
    return spec.defaultTimeout() != null ? spec.defaultTimeout() : Duration.ofHours(1);
  }
}

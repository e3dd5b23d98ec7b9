package dev.flowline.engine;

import dev.flowline.actions.ActionResult;
import dev.flowline.artifacts.ArtifactLocation;
import dev.flowline.artifacts.ArtifactStore;
import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionRecords.ActionOutcome;
import dev.flowline.execution.ExecutionRecords.ActionRow;
import dev.flowline.execution.ExecutionStatus;
import dev.flowline.execution.StoredArtifact;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.OutputArtifact;
import dev.flowline.pipeline.PipelineDeclaration;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.camunda.bpm.engine.ExternalTaskService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reports a job's outcome: the action record and the engine step (complete, BPMN error, or a later
 * look) commit in one transaction, so the record never claims what the engine did not do.
 */
@Component
class ActionOutcomes {
  private static final Logger log = LoggerFactory.getLogger(ActionOutcomes.class);
  static final String DEFAULT_BUCKET = "flowline-artifacts";

  private final ExternalTaskService externalTasks;
  private final ExecutionRecords records;
  private final ArtifactStore artifacts;
  private final TransactionTemplate tx;
  private final StopCoordinator stops;
  private final String region;

  ActionOutcomes(ExternalTaskService externalTasks, ExecutionRecords records, ArtifactStore artifacts,
      TransactionTemplate tx, StopCoordinator stops,
      @org.springframework.beans.factory.annotation.Value("${flowline.region:us-east-1}") String region) {
    this.region = region;
    this.externalTasks = externalTasks;
    this.records = records;
    this.artifacts = artifacts;
    this.tx = tx;
    this.stops = stops;
  }

  boolean stopRequested(ActionRow row) {
    return stops.isStopping(row.executionId());
  }

  /**
   * In a FAILED_ACTIONS retry, an action that already succeeded in the retried stage is not run again:
   * its earlier outcome is copied and the job completed.
   */
  boolean reuseEarlierSuccess(JobTask task, String workerId, ActionRow row,
      ExecutionRecords.ExecutionRow execution) {
    if (!"FAILED_ACTIONS".equals(execution.retryMode())
        || !row.stageName().equals(execution.retryStage())) {
      return false;
    }
    boolean[] reused = {false};
    inTransaction(row, () -> {
      reused[0] = records.reuseEarlierSuccess(row);
      if (reused[0]) {
        externalTasks.complete(task.id(), workerId);
      }
    });
    return reused[0];
  }

  /**
   * Stop and wait: an action that ends while its execution is Stopping keeps its outcome, but the engine is not moved
   * on (CodePipeline starts nothing after it, not even the stage's next action); the last running action to end
   * stops the execution, whose stages end Stopped. Otherwise {@code proceed} moves the engine on.
   */
  private void proceedUnlessStopping(ActionRow row, Runnable proceed) {
    if (stops.isStopping(row.executionId())) {
      stops.finishIfIdle(row.executionId());
    } else {
      proceed.run();
    }
  }

  /** A stop-and-wait is pending: end the execution if this was its last running action. */
  void settleStop(ActionRow row) {
    inTransaction(row, () -> stops.finishIfIdle(row.executionId()));
  }

  java.util.Optional<ExecutionRecords.ActionInExecution> action(String activityInstanceId) {
    return records.actionInExecution(activityInstanceId);
  }

  /** An action of a stage skipped by its entry condition: nothing runs, the job just completes. */
  boolean completeSkipped(JobTask task, String workerId, String stageName) {
    if (records.stageStatus(task.businessKey(), stageName).filter(ExecutionStatus.SKIPPED::equals).isEmpty()) {
      return false;
    }
    tx.executeWithoutResult(status -> externalTasks.complete(task.id(), workerId));
    return true;
  }

  /**
   * @param logUrl where the action's log can be read; the external execution URL when the executor
   *     names none of its own
   */
  void report(JobTask task, String workerId, PipelineModel model, ActionRow row, ActionDeclaration action,
      ActionResult result, String logUrl) {
    if (result instanceof ActionResult.Succeeded ok) {
      if (ok.externalExecutionUrl() == null) {
        ok = new ActionResult.Succeeded(ok.outputArtifacts(), ok.outputVariables(), ok.summary(),
            ok.externalExecutionId(), logUrl, ok.revision());
      }
      succeed(task, workerId, model.declaration(), row, action, ok);
    } else if (result instanceof ActionResult.Failed failed) {
      if (failed.externalExecutionUrl() == null) {
        failed = new ActionResult.Failed(failed.failureType(), failed.message(), failed.externalExecutionId(), logUrl);
      }
      fail(task, workerId, row, failed);
    } else if (result instanceof ActionResult.InProgress progress) {
      later(task, workerId, row, progress);
    }
  }

  private void succeed(JobTask task, String workerId, PipelineDeclaration pipeline, ActionRow row,
      ActionDeclaration action, ActionResult.Succeeded ok) {
    List<StoredArtifact> stored;
    try {
      stored = store(pipeline, action, ok);
    } catch (IOException | RuntimeException e) {
      fail(task, workerId, row, ActionResult.Failed.jobFailed("Could not store output artifacts: " + e.getMessage()));
      return;
    }
    ActionResult.Revision revision = ok.revision();
    ActionOutcome outcome = new ActionOutcome(ExecutionStatus.SUCCEEDED, ok.summary(), ok.externalExecutionId(),
        ok.externalExecutionUrl(), null, null, null, null, stored, ok.outputVariables(),
        revision == null ? null : revision.revisionId(), revision == null ? null : revision.revisionChangeIdentifier(),
        revision == null ? null : revision.revisionSummary(), revision == null ? null : revision.revisionUrl(), null);
    // Cockpit: a source action's revision as a readable process variable, one per source action, so parallel
    // source actions create different variables instead of writing the same one
    java.util.Map<String, Object> cockpit = revision == null || revision.revisionId() == null ? null
        : java.util.Map.of(SOURCE_REVISION_PREFIX + row.actionName(), revision.revisionSummary() == null
            ? revision.revisionId() : revision.revisionId() + " " + abbreviate(revision.revisionSummary()));
    inTransaction(row, () -> {
      records.actionOutcome(row.id(), outcome);
      proceedUnlessStopping(row, () -> {
        if (cockpit == null) {
          externalTasks.complete(task.id(), workerId);
        } else {
          externalTasks.complete(task.id(), workerId, cockpit, null);
        }
      });
    });
  }

  static final String SOURCE_REVISION_PREFIX = "sourceRevision_";

  private static String abbreviate(String summary) {
    String line = summary.lines().findFirst().orElse("");
    return line.length() <= 200 ? line : line.substring(0, 199) + "…";
  }

  private List<StoredArtifact> store(PipelineDeclaration pipeline, ActionDeclaration action, ActionResult.Succeeded ok)
      throws IOException {
    String bucket = artifactBucket(pipeline, action);
    String revisionId = ok.revision() == null ? null : ok.revision().revisionId();
    List<StoredArtifact> stored = new ArrayList<>();
    for (OutputArtifact declared : action.outputArtifactsOrEmpty()) {
      Path zip = ok.outputArtifacts() == null ? null : ok.outputArtifacts().get(declared.name());
      if (zip == null) {
        throw new IOException("the action did not produce output artifact " + declared.name());
      }
      ArtifactLocation location = artifacts.put(bucket, pipeline.name(), declared.name(), zip);
      stored.add(new StoredArtifact(declared.name(), location.bucketName(), location.objectKey(), revisionId));
    }
    return stored;
  }

  /** The artifact store of the action's region (artifactStores), or the pipeline's single artifactStore. */
  String artifactBucket(PipelineDeclaration pipeline, ActionDeclaration action) {
    if (pipeline.artifactStore() != null) {
      return pipeline.artifactStore().location();
    }
    if (pipeline.artifactStores() != null && !pipeline.artifactStores().isEmpty()) {
      String actionRegion = action.region() != null ? action.region() : region;
      var store = pipeline.artifactStores().getOrDefault(actionRegion,
          pipeline.artifactStores().values().iterator().next());
      return store.location();
    }
    return DEFAULT_BUCKET;
  }

  void fail(JobTask task, String workerId, ActionRow row, ActionResult.Failed failed) {
    String message = failed.message() == null ? "The action failed" : failed.message();
    ActionOutcome outcome = new ActionOutcome(ExecutionStatus.FAILED, message, failed.externalExecutionId(),
        failed.externalExecutionUrl(), failed.failureType(), message, null, null, null, null, null, null, null,
        null, null);
    inTransaction(row, () -> {
      records.actionOutcome(row.id(), outcome);
      proceedUnlessStopping(row, () -> externalTasks.handleBpmnError(task.id(), workerId,
          ActionLifecycle.ACTION_FAILED, truncate(message)));
    });
  }

  private void later(JobTask task, String workerId, ActionRow row, ActionResult.InProgress progress) {
    ActionOutcome outcome = new ActionOutcome(ExecutionStatus.IN_PROGRESS, progress.summary(),
        progress.externalExecutionId(), progress.externalExecutionUrl(), null, null, progress.continuationToken(),
        progress.percentComplete(), null, null, null, null, null, null, null);
    long delay = progress.recheckAfter() == null ? 10_000 : Math.max(100, progress.recheckAfter().toMillis());
    inTransaction(row, () -> {
      records.actionOutcome(row.id(), outcome);
      externalTasks.extendLock(task.id(), workerId, delay);
    });
  }

  /**
   * A remote worker's success: its output artifacts are already stored where its job told it to upload them.
   * {@code alsoInTransaction} (the job's own record) commits with the outcome; false when the worker no longer
   * holds the job (it timed out, the execution was stopped), and then nothing changed.
   */
  boolean succeedUploaded(JobTask task, String workerId, ActionRow row, List<StoredArtifact> stored,
      ActionResult.Succeeded ok, Runnable alsoInTransaction) {
    ActionResult.Revision revision = ok.revision();
    ActionOutcome outcome = new ActionOutcome(ExecutionStatus.SUCCEEDED, ok.summary(), ok.externalExecutionId(),
        ok.externalExecutionUrl(), null, null, null, null, stored, ok.outputVariables(),
        revision == null ? null : revision.revisionId(), revision == null ? null : revision.revisionChangeIdentifier(),
        revision == null ? null : revision.revisionSummary(), revision == null ? null : revision.revisionUrl(), null);
    return inTransaction(row, () -> {
      records.actionOutcome(row.id(), outcome);
      proceedUnlessStopping(row, () -> externalTasks.complete(task.id(), workerId));
      alsoInTransaction.run();
    });
  }

  /** A remote worker's failure; as {@link #succeedUploaded}, false when the worker no longer holds the job. */
  boolean failReported(JobTask task, String workerId, ActionRow row, ActionResult.Failed failed,
      Runnable alsoInTransaction) {
    String message = failed.message() == null ? "The action failed" : failed.message();
    ActionOutcome outcome = new ActionOutcome(ExecutionStatus.FAILED, message, failed.externalExecutionId(),
        failed.externalExecutionUrl(), failed.failureType(), message, null, null, null, null, null, null, null,
        null, null);
    return inTransaction(row, () -> {
      records.actionOutcome(row.id(), outcome);
      proceedUnlessStopping(row, () -> externalTasks.handleBpmnError(task.id(), workerId,
          ActionLifecycle.ACTION_FAILED, truncate(message)));
      alsoInTransaction.run();
    });
  }

  /**
   * A remote worker's "call me again": the action stays in progress with the continuation token, and its task is
   * released at once so that the next poll hands out a new job carrying the token.
   */
  boolean continueLater(JobTask task, String workerId, ActionRow row, ActionResult.InProgress progress,
      Runnable alsoInTransaction) {
    ActionOutcome outcome = new ActionOutcome(ExecutionStatus.IN_PROGRESS, progress.summary(),
        progress.externalExecutionId(), progress.externalExecutionUrl(), null, null, progress.continuationToken(),
        progress.percentComplete(), null, null, null, null, null, null, null);
    return inTransaction(row, () -> {
      // only the lease holder may extend the lock: this is the ownership check before the unlock
      externalTasks.extendLock(task.id(), workerId, 1000);
      records.actionOutcome(row.id(), outcome);
      externalTasks.unlock(task.id());
      alsoInTransaction.run();
    });
  }

  /**
   * Reports in one transaction, again when it lost a race (optimistic locking, a deadlock or a lock wait: see
   * {@link TransactionConflicts}). Repeating the report here is cheaper than the alternative: a report that
   * gives up leaves the job locked until its lock expires, and the action then runs a second time.
   */
  private boolean inTransaction(ActionRow row, Runnable step) {
    for (int attempt = 1; ; attempt++) {
      try {
        tx.executeWithoutResult(status -> step.run());
        return true;
      } catch (org.camunda.bpm.engine.BadUserRequestException e) {
        log.info("Action execution {} no longer has a job (stopped or superseded): {}", row.id(), e.getMessage());
        return false;
      } catch (RuntimeException e) {
        if (attempt == 5 || !TransactionConflicts.lostRace(e)) {
          throw e;
        }
        try {
          Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L << attempt));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static String truncate(String message) {
    return message.length() <= 600 ? message : message.substring(0, 597) + "...";
  }
}

package dev.flowline.engine;

import dev.flowline.actions.ActionResult;
import dev.flowline.artifacts.ArtifactLocation;
import dev.flowline.artifacts.ArtifactStore;
import dev.flowline.engine.jobs.JobData;
import dev.flowline.engine.jobs.JobRecord;
import dev.flowline.engine.jobs.JobStatus;
import dev.flowline.engine.jobs.JobStore;
import dev.flowline.engine.jobs.JobSuccess;
import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionRecords.ActionRow;
import dev.flowline.execution.StoredArtifact;
import dev.flowline.pipeline.CodePipelineException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The result of a remote job, reported by its worker (success, continuation or failure) or by the clock (the
 * action timed out). {@link ActionOutcomes} moves the action on; the job is settled in the same step, so a result
 * is taken once.
 */
@Component
class JobReports {
  static final int MAX_OUTPUT_VARIABLES_BYTES = 122_880;

  private final ActionOutcomes outcomes;
  private final ExecutionRecords records;
  private final ArtifactStore artifacts;
  private final JobStore store;
  private final Clock clock;

  JobReports(ActionOutcomes outcomes, ExecutionRecords records, ArtifactStore artifacts, JobStore store,
      Clock clock) {
    this.outcomes = outcomes;
    this.records = records;
    this.artifacts = artifacts;
    this.store = store;
    this.clock = clock;
  }

  void succeed(JobRecord found, JobSuccess success) {
    JobRecord job = reportable(found);
    String jobId = job.id();
    Map<String, String> variables = success.outputVariables() == null ? Map.of() : success.outputVariables();
    if (success.continuationToken() != null && !variables.isEmpty()) {
      throw validation("outputVariables can be included only when there is no continuation token on the request");
    }
    int size = variables.entrySet().stream()
        .mapToInt(e -> e.getKey().getBytes(StandardCharsets.UTF_8).length
            + e.getValue().getBytes(StandardCharsets.UTF_8).length).sum();
    if (size > MAX_OUTPUT_VARIABLES_BYTES) {
      throw new CodePipelineException("OutputVariablesSizeExceededException", "Exceeded the total size limit for all"
          + " variables in the pipeline: the output variables are " + size + " bytes, at most "
          + MAX_OUTPUT_VARIABLES_BYTES + " are allowed");
    }
    ActionRow row = records.action(job.actionExecutionId()).orElseThrow(() -> gone(jobId));
    JobTask task = task(job);
    boolean reported;
    if (success.continuationToken() != null) {
      reported = outcomes.continueLater(task, job.workerId(), row, new ActionResult.InProgress(
          success.continuationToken(), null, success.summary(), success.externalExecutionId(), null,
          success.percentComplete()), () -> settle(job, JobStatus.Succeeded));
    } else {
      Optional<String> missing = missingOutput(job.data());
      if (missing.isPresent()) {
        reported = outcomes.failReported(task, job.workerId(), row, ActionResult.Failed.jobFailed(missing.get()),
            () -> settle(job, JobStatus.Succeeded));
      } else {
        JobSuccess.CurrentRevision current = success.currentRevision();
        ActionResult.Revision revision = current == null ? null : new ActionResult.Revision(current.revision(),
            current.changeIdentifier(), current.revisionSummary(), null);
        List<StoredArtifact> stored = job.data().outputArtifacts().stream()
            .map(a -> new StoredArtifact(a.name(), a.location().s3Location().bucketName(),
                a.location().s3Location().objectKey(), revision == null ? null : revision.revisionId()))
            .toList();
        reported = outcomes.succeedUploaded(task, job.workerId(), row, stored, new ActionResult.Succeeded(null,
            variables.isEmpty() ? null : variables, success.summary(), success.externalExecutionId(), null,
            revision), () -> settle(job, JobStatus.Succeeded));
      }
    }
    if (!reported) {
      throw gone(jobId);
    }
  }


  void fail(JobRecord found, String failureType, String message, String externalExecutionId) {
    JobRecord job = reportable(found);
    String jobId = job.id();
    ActionRow row = records.action(job.actionExecutionId()).orElseThrow(() -> gone(jobId));
    if (!outcomes.failReported(task(job), job.workerId(), row,
        new ActionResult.Failed(failureType, message, externalExecutionId, null), () -> settle(job, JobStatus.Failed))) {
      throw gone(jobId);
    }
  }

  /** The job's action timed out: fail it if the job still holds it, and mark the job TimedOut either way. */
  void timeOut(JobRecord job) {
    long now = clock.millis();
    if (job.status() == JobStatus.Dispatched) {
      store.transition(job.id(), JobStatus.Dispatched, JobStatus.TimedOut, job.deadline(), now);
      return;
    }
    ActionRow row = records.action(job.actionExecutionId()).orElse(null);
    long minutes = (job.deadline() - (row == null ? job.deadline() : row.startTime())) / 60_000;
    boolean failed = row != null && outcomes.failReported(task(job), job.workerId(), row,
        new ActionResult.Failed("JobFailed", "The action timed out after " + minutes + " minutes: its job worker"
            + " did not report a result", null, null),
        () -> settle(job, JobStatus.TimedOut));
    if (!failed) {
      store.transition(job.id(), JobStatus.InProgress, JobStatus.TimedOut, job.deadline(), now);
    }
  }

  private void settle(JobRecord job, JobStatus to) {
    if (!store.transition(job.id(), job.status(), to, job.deadline(), clock.millis())) {
      throw new CodePipelineException("InvalidJobStateException", "Job " + job.id() + " was already reported");
    }
  }

  private Optional<String> missingOutput(JobData data) {
    for (JobData.Artifact artifact : data.outputArtifacts()) {
      JobData.S3Location location = artifact.location().s3Location();
      try (InputStream in = artifacts.open(new ArtifactLocation(location.bucketName(), location.objectKey()))) {
        in.available();
      } catch (IOException e) {
        return Optional.of("The job worker reported success but did not upload output artifact " + artifact.name()
            + " to s3://" + location.bucketName() + "/" + location.objectKey());
      }
    }
    return Optional.empty();
  }


  private JobRecord reportable(JobRecord job) {
    String jobId = job.id();
    if (job.status() != JobStatus.Dispatched && job.status() != JobStatus.InProgress) {
      throw new CodePipelineException("InvalidJobStateException", "Job " + jobId + " is " + job.status()
          + ": its result can no longer be reported");
    }
    if (clock.millis() >= job.actionDeadline()) {
      throw gone(jobId);
    }
    return job;
  }

  private static CodePipelineException gone(String jobId) {
    return new CodePipelineException("InvalidJobStateException", "Job " + jobId + " is no longer in progress: its"
        + " action timed out, was stopped, or the job went back to the queue unacknowledged");
  }

  private static JobTask task(JobRecord job) {
    return new JobTask(job.externalTaskId(), null, null, null, null);
  }

  private static CodePipelineException validation(String message) {
    return new CodePipelineException("ValidationException", message);
  }

}

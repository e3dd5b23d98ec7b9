package dev.flowline.engine;

import dev.flowline.engine.jobs.JobProperties;
import dev.flowline.engine.jobs.JobRecord;
import dev.flowline.engine.jobs.JobStatus;
import dev.flowline.engine.jobs.JobStore;
import dev.flowline.pipeline.CodePipelineException;
import java.time.Clock;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ExternalTaskService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A worker's acknowledgement of a dispatched job: checks the nonce, and turns the short lease of the poll into the
 * action's whole time (the external task's lock is extended with the job's status, in one transaction).
 */
@Component
class JobAcknowledgements {
  private final ExternalTaskService externalTasks;
  private final JobStore store;
  private final JobProperties properties;
  private final TransactionTemplate tx;
  private final Clock clock;

  JobAcknowledgements(ExternalTaskService externalTasks, JobStore store, JobProperties properties,
      TransactionTemplate tx, Clock clock) {
    this.externalTasks = externalTasks;
    this.store = store;
    this.properties = properties;
    this.tx = tx;
    this.clock = clock;
  }

  /** InProgress until {@code inProgressDeadline}, or the action's deadline when it is null. */
  JobStatus acknowledge(JobRecord job, String nonce, Long inProgressDeadline) {
    String jobId = job.id();
    long until = inProgressDeadline == null ? job.actionDeadline() : inProgressDeadline;
    if (!job.nonce().equals(nonce)) {
      throw new CodePipelineException("InvalidNonceException", "The nonce does not match job " + jobId
          + ": use the nonce PollForJobs returned with it");
    }
    if (job.status() != JobStatus.Dispatched) {
      throw new CodePipelineException("InvalidNonceException", "The nonce of job " + jobId
          + " was already used: the job is " + job.status());
    }
    long now = clock.millis();
    if (now >= job.deadline()) {
      store.transition(jobId, JobStatus.Dispatched, JobStatus.TimedOut, job.deadline(), now);
      throw new CodePipelineException("InvalidNonceException", "Job " + jobId + " was not acknowledged within "
          + properties.acknowledgeTimeout().toSeconds() + " seconds and went back to the queue");
    }
    try {
      tx.executeWithoutResult(status -> {
        if (!store.transition(jobId, JobStatus.Dispatched, JobStatus.InProgress, until, now)) {
          throw new CodePipelineException("InvalidNonceException", "The nonce of job " + jobId + " was already used");
        }
        externalTasks.extendLock(job.externalTaskId(), job.workerId(), Math.max(1, until - now));
      });
    } catch (BadUserRequestException lost) {
      store.transition(jobId, JobStatus.Dispatched, JobStatus.TimedOut, job.deadline(), now);
      throw new CodePipelineException("InvalidNonceException", "Job " + jobId
          + " is no longer available: it went back to the queue or its action ended");
    }
    return JobStatus.InProgress;
  }

}

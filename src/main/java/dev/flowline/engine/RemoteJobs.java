package dev.flowline.engine;

import dev.flowline.actions.ActionResult;
import dev.flowline.engine.jobs.Job;
import dev.flowline.engine.jobs.JobRecord;
import dev.flowline.engine.jobs.JobService;
import dev.flowline.engine.jobs.JobStatus;
import dev.flowline.engine.jobs.JobStore;
import dev.flowline.engine.jobs.JobSuccess;
import dev.flowline.engine.jobs.ThirdPartyJob;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.CodePipelineException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The remote job worker's side of the job protocol. A poll queries the unlocked external tasks of the type's
 * topic and locks them one at a time under a worker id of its own per job ({@code job/<jobId>}): Camunda's
 * optimistic locking lets exactly one of two concurrent pollers win each task, and the lock is the job's lease.
 * Locking one by one (rather than fetchAndLock) is what lets {@code queryParam} pass over jobs of other
 * configurations. Everything after the lease is shared with the in-process worker: {@link ActionJobStart} settles
 * or assembles the job, {@link ActionOutcomes} reports it.
 *
 * <p>This class only routes each operation: {@link JobLeases} leases, {@link JobLookup} finds the job a call
 * names (and checks a partner's client token), {@link JobAcknowledgements} and {@link JobReports} take what the
 * worker says.
 */
@Component
class RemoteJobs implements JobService {
  private final ActionTypeCatalog catalog;
  private final JobLeases leases;
  private final JobLookup lookup;
  private final JobAcknowledgements acknowledgements;
  private final JobReports reports;
  private final JobStore store;
  private final Clock clock;

  RemoteJobs(ActionTypeCatalog catalog, JobLeases leases, JobLookup lookup, JobAcknowledgements acknowledgements,
      JobReports reports, JobStore store, Clock clock) {
    this.catalog = catalog;
    this.leases = leases;
    this.lookup = lookup;
    this.acknowledgements = acknowledgements;
    this.reports = reports;
    this.store = store;
    this.clock = clock;
  }

  @Override
  public List<Job> poll(ActionTypeId type, int maxBatchSize, Map<String, String> queryParam) {
    ActionTypeSpec spec = catalog.find(type).filter(s -> "Custom".equals(s.id().owner()))
        .orElseThrow(() -> new CodePipelineException("ActionTypeNotFoundException", JobLookup.describe(type)
            + " cannot be found: PollForJobs serves custom action types (owner Custom) that exist"));
    Optional<String> queryKey = JobLeases.checkQuery(spec, queryParam);
    return leases.leaseQueued(spec, maxBatchSize, queryKey, queryParam).stream().map(JobLeases.Leased::job).toList();
  }

  @Override
  public List<ThirdPartyJob> pollThirdParty(ActionTypeId type, int maxBatchSize) {
    ActionTypeSpec spec = catalog.find(type).filter(s -> JobLookup.THIRD_PARTY.equals(s.id().owner()))
        .orElseThrow(() -> new CodePipelineException("ActionTypeNotFoundException", JobLookup.describe(type)
            + " cannot be found: PollForThirdPartyJobs serves the partner action types (owner ThirdParty) configured"
            + " in flowline.jobs.third-party-action-types"));
    String clientId = lookup.thirdParty(spec.id()).clientId();
    return leases.leaseQueued(spec, maxBatchSize, Optional.empty(), Map.of()).stream()
        .map(leased -> new ThirdPartyJob(clientId, leased.job().id())).toList();
  }

  /** Leases up to {@code max} queued jobs of a type whose jobs are handed off (see {@link HandedOffJobs}). */
  List<JobLeases.Leased> leaseForHandOff(ActionTypeSpec spec, int max) {
    return leases.leaseQueued(spec, max, Optional.empty(), Map.of());
  }

  @Override
  public JobStatus acknowledge(String jobId, String nonce) {
    return acknowledgements.acknowledge(lookup.job(jobId), nonce, null);
  }

  @Override
  public JobStatus acknowledgeThirdParty(String jobId, String nonce, String clientToken) {
    return acknowledgements.acknowledge(lookup.thirdPartyJob(jobId, clientToken), nonce, null);
  }

  /**
   * A handed-off job reached its taker (the Lambda function was invoked): it is InProgress until {@code replyWithin}
   * has passed (capped by the action's timeout). False when the job was already reported or lost meanwhile.
   */
  boolean handedOver(String jobId, String nonce, Duration replyWithin) {
    JobRecord job = store.find(jobId).orElseThrow();
    long deadline = replyWithin == null ? job.actionDeadline()
        : Math.min(job.actionDeadline(), clock.millis() + replyWithin.toMillis());
    try {
      acknowledgements.acknowledge(job, nonce, deadline);
      return true;
    } catch (CodePipelineException reportedOrLost) {
      return false;
    }
  }

  /** A handed-off job could not be delivered: its action fails with {@code failed}. */
  void handOffFailed(String jobId, ActionResult.Failed failed) {
    reports.fail(lookup.job(jobId), failed.failureType(), failed.message(), failed.externalExecutionId());
  }

  @Override
  public Job details(String jobId) {
    JobRecord job = lookup.job(jobId);
    return new Job(job.id(), job.data(), null, leases.accountId());
  }

  @Override
  public Job thirdPartyDetails(String jobId, String clientToken) {
    JobRecord job = lookup.thirdPartyJob(jobId, clientToken);
    return new Job(job.id(), job.data(), job.nonce(), leases.accountId());
  }

  @Override
  public void succeed(String jobId, JobSuccess success) {
    reports.succeed(lookup.job(jobId), success);
  }

  @Override
  public void succeedThirdParty(String jobId, String clientToken, JobSuccess success) {
    reports.succeed(lookup.thirdPartyJob(jobId, clientToken), success);
  }

  @Override
  public void fail(String jobId, String failureType, String message, String externalExecutionId) {
    reports.fail(lookup.job(jobId), failureType, message, externalExecutionId);
  }

  @Override
  public void failThirdParty(String jobId, String clientToken, String failureType, String message,
      String externalExecutionId) {
    reports.fail(lookup.thirdPartyJob(jobId, clientToken), failureType, message, externalExecutionId);
  }
}

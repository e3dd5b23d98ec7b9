package dev.flowline.engine.jobs;

import dev.flowline.pipeline.ActionTypeId;
import java.util.List;
import java.util.Map;

/**
 * The job protocol as remote job workers see it (CodePipeline's PollForJobs, AcknowledgeJob, GetJobDetails,
 * PutJobSuccessResult, PutJobFailureResult). Refusals are {@link dev.flowline.pipeline.CodePipelineException}s
 * with AWS's names, thrown before anything changed.
 *
 * <p>Contract: a polled job is leased to its poller until {@code flowline.jobs.acknowledge-timeout}; if it is not
 * acknowledged by then it returns to the queue (a later poll hands it out as a new job) and its nonce is void.
 * Acknowledging extends the lease to the action's timeout; a worker that does not report by then fails the
 * action. Two polls never hand out the same job. A job is reported once; a second report is refused.
 */
public interface JobService {

  /** Leases up to {@code maxBatchSize} queued jobs of a Custom action type; none when there are none. */
  List<Job> poll(ActionTypeId type, int maxBatchSize, Map<String, String> queryParam);

  /** Confirms the worker took the job; its status afterwards (InProgress). */
  JobStatus acknowledge(String jobId, String nonce);

  /** The job's details (no nonce). */
  Job details(String jobId);

  void succeed(String jobId, JobSuccess success);

  void fail(String jobId, String failureType, String message, String externalExecutionId);

  /**
   * The partner side (PollForThirdPartyJobs and friends): the same jobs and rules, for action types whose owner is
   * ThirdParty. A ThirdParty job is reachable only through these operations, and each (the poll excepted) must
   * present the type's client token ({@code InvalidClientTokenException} otherwise). Its details carry the nonce.
   */
  List<ThirdPartyJob> pollThirdParty(ActionTypeId type, int maxBatchSize);

  JobStatus acknowledgeThirdParty(String jobId, String nonce, String clientToken);

  Job thirdPartyDetails(String jobId, String clientToken);

  void succeedThirdParty(String jobId, String clientToken, JobSuccess success);

  void failThirdParty(String jobId, String clientToken, String failureType, String message,
      String externalExecutionId);
}

package dev.flowline.engine;

import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.artifacts.ArtifactLocation;
import dev.flowline.artifacts.ArtifactStore;
import dev.flowline.engine.jobs.Job;
import dev.flowline.engine.jobs.JobData;
import dev.flowline.engine.jobs.JobProperties;
import dev.flowline.engine.jobs.JobRecord;
import dev.flowline.engine.jobs.JobService;
import dev.flowline.engine.jobs.JobStatus;
import dev.flowline.engine.jobs.JobStore;
import dev.flowline.engine.jobs.JobSuccess;
import dev.flowline.engine.jobs.ThirdPartyJob;
import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionRecords.ActionRow;
import dev.flowline.execution.PipelineStore;
import dev.flowline.execution.StoredArtifact;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.OutputArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.camunda.bpm.engine.BadUserRequestException;
import org.camunda.bpm.engine.ExternalTaskService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The remote job worker's side of the job protocol. A poll queries the unlocked external tasks of the type's
 * topic and locks them one at a time under a worker id of its own per job ({@code job/<jobId>}): Camunda's
 * optimistic locking lets exactly one of two concurrent pollers win each task, and the lock is the job's lease.
 * Locking one by one (rather than fetchAndLock) is what lets {@code queryParam} pass over jobs of other
 * configurations. Everything after the lease is shared with the in-process worker: {@link ActionJobStart} settles
 * or assembles the job, {@link ActionOutcomes} reports it.
 */
@Component
class RemoteJobs implements JobService {
  static final int MAX_OUTPUT_VARIABLES_BYTES = 122_880;
  private static final int PAGE = 50;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String THIRD_PARTY = "ThirdParty";
  private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private final ExternalTaskService externalTasks;
  private final ActionTypeCatalog catalog;
  private final PipelineModels models;
  private final ActionJobStart start;
  private final ActionOutcomes outcomes;
  private final ExecutionRecords records;
  private final PipelineStore pipelines;
  private final ArtifactStore artifacts;
  private final JobStore store;
  private final JobProperties properties;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final String accountId;

  RemoteJobs(ExternalTaskService externalTasks, ActionTypeCatalog catalog, PipelineModels models, ActionJobStart start,
      ActionOutcomes outcomes, ExecutionRecords records, PipelineStore pipelines, ArtifactStore artifacts,
      JobStore store, JobProperties properties, TransactionTemplate tx, Clock clock,
      @Value("${flowline.account-id:123456789012}") String accountId) {
    this.externalTasks = externalTasks;
    this.catalog = catalog;
    this.models = models;
    this.start = start;
    this.outcomes = outcomes;
    this.records = records;
    this.pipelines = pipelines;
    this.artifacts = artifacts;
    this.store = store;
    this.properties = properties;
    this.tx = tx;
    this.clock = clock;
    this.accountId = accountId;
  }

  @Override
  public List<Job> poll(ActionTypeId type, int maxBatchSize, Map<String, String> queryParam) {
    ActionTypeSpec spec = catalog.find(type).filter(s -> "Custom".equals(s.id().owner()))
        .orElseThrow(() -> new CodePipelineException("ActionTypeNotFoundException", describe(type)
            + " cannot be found: PollForJobs serves custom action types (owner Custom) that exist"));
    Optional<String> queryKey = checkQuery(spec, queryParam);
    return leaseQueued(spec, maxBatchSize, queryKey, queryParam).stream().map(Leased::job).toList();
  }

  @Override
  public List<ThirdPartyJob> pollThirdParty(ActionTypeId type, int maxBatchSize) {
    ActionTypeSpec spec = catalog.find(type).filter(s -> THIRD_PARTY.equals(s.id().owner()))
        .orElseThrow(() -> new CodePipelineException("ActionTypeNotFoundException", describe(type)
            + " cannot be found: PollForThirdPartyJobs serves the partner action types (owner ThirdParty) configured"
            + " in flowline.jobs.third-party-action-types"));
    String clientId = thirdParty(spec.id()).clientId();
    return leaseQueued(spec, maxBatchSize, Optional.empty(), Map.of()).stream()
        .map(leased -> new ThirdPartyJob(clientId, leased.job().id())).toList();
  }

  /** A job leased for a client inside Flowline that hands it on (the Lambda invoke action), with its assembled job. */
  record Leased(Job job, ActionJob actionJob) {}

  /** Leases up to {@code max} queued jobs of a type whose jobs are handed off (see {@link HandedOffJobs}). */
  List<Leased> leaseForHandOff(ActionTypeSpec spec, int max) {
    return leaseQueued(spec, max, Optional.empty(), Map.of());
  }

  private List<Leased> leaseQueued(ActionTypeSpec spec, int maxBatchSize, Optional<String> queryKey,
      Map<String, String> queryParam) {
    List<Leased> jobs = new ArrayList<>();
    int passedOver = 0;
    while (jobs.size() < maxBatchSize) {
      List<ExternalTask> candidates = externalTasks.createExternalTaskQuery().topicName(spec.id().topic()).notLocked()
          .active().withRetriesLeft().orderByPriority().desc().listPage(passedOver, PAGE);
      if (candidates.isEmpty()) {
        break;
      }
      for (ExternalTask candidate : candidates) {
        if (jobs.size() == maxBatchSize) {
          break;
        }
        if (queryKey.isPresent() && !matches(candidate, queryKey.get(), queryParam.get(queryKey.get()))) {
          passedOver++;
          continue;
        }
        lease(candidate, spec).ifPresentOrElse(jobs::add, () -> { });
      }
    }
    return jobs;
  }

  private Optional<String> checkQuery(ActionTypeSpec spec, Map<String, String> queryParam) {
    Optional<String> queryable = spec.configurationProperties().stream()
        .filter(ActionTypeSpec.ConfigurationProperty::queryable).map(ActionTypeSpec.ConfigurationProperty::name)
        .findFirst();
    Map<String, String> query = queryParam == null ? Map.of() : queryParam;
    if (queryable.isEmpty() && !query.isEmpty()) {
      throw validation(describe(spec.id()) + " has no queryable property: queryParam must be empty");
    }
    if (queryable.isPresent() && !query.containsKey(queryable.get())) {
      throw validation(describe(spec.id()) + " has the queryable property '" + queryable.get()
          + "': queryParam must give its value");
    }
    return queryable;
  }

  private boolean matches(ExternalTask task, String key, String value) {
    PipelineModel model = models.forDefinition(task.getProcessDefinitionId());
    var ref = model.element(task.getActivityId());
    return Objects.equals(model.action(ref.stageName(), ref.actionName()).configurationOrEmpty().get(key), value);
  }

  /** Locks one candidate for a new job; empty when another poller won it or it needed no remote work. */
  private Optional<Leased> lease(ExternalTask candidate, ActionTypeSpec spec) {
    String jobId = UUID.randomUUID().toString();
    String workerId = "job/" + jobId;
    try {
      externalTasks.lock(candidate.getId(), workerId, properties.acknowledgeTimeout().toMillis());
    } catch (OptimisticLockingException | BadUserRequestException lost) {
      return Optional.empty();
    }
    var started = start.begin(JobTask.of(candidate), workerId, spec);
    if (started.isEmpty()) {
      return Optional.empty();
    }
    ActionJobStart.Started job = started.get();
    JobData data = data(job);
    long now = clock.millis();
    String nonce = UUID.randomUUID().toString();
    store.insert(new JobRecord(jobId, candidate.getId(), workerId, job.row().id(), spec.id(), nonce,
        JobStatus.Dispatched, data, now + properties.acknowledgeTimeout().toMillis(),
        job.row().startTime() + job.timeout().toMillis()), now);
    return Optional.of(new Leased(new Job(jobId, data, nonce, accountId), job.job()));
  }

  private JobData data(ActionJobStart.Started started) {
    ActionJob job = started.job();
    PipelineModel model = started.model();
    ActionDeclaration action = started.action();
    List<JobData.Artifact> inputs = job.inputArtifacts().stream()
        .map(in -> JobData.Artifact.s3(in.name(), in.revisionId(), in.location().bucketName(),
            in.location().objectKey())).toList();
    String bucket = outcomes.artifactBucket(model.declaration(), action);
    List<JobData.Artifact> outputs = new ArrayList<>();
    for (OutputArtifact output : action.outputArtifactsOrEmpty()) {
      ArtifactLocation location = ArtifactLocation.newFor(bucket, model.name(), output.name());
      outputs.add(JobData.Artifact.s3(output.name(), null, location.bucketName(), location.objectKey()));
    }
    var store = model.declaration().artifactStore();
    JobData.EncryptionKey key = store == null || store.encryptionKey() == null ? null
        : new JobData.EncryptionKey(store.encryptionKey().id(), store.encryptionKey().type());
    // CodePipeline leaves the pipeline's ARN and the execution id out of a partner's (ThirdParty) job
    boolean partner = THIRD_PARTY.equals(job.actionTypeId().owner());
    return new JobData(job.actionTypeId(), new JobData.ActionConfiguration(job.configuration()),
        new JobData.PipelineContext(model.name(), new JobData.Stage(job.stageName()),
            new JobData.Action(job.actionName(), job.actionExecutionId()),
            partner ? null : pipelines.arn(model.name()).orElse(null), partner ? null : job.pipelineExecutionId()),
        inputs, outputs, credentials(), job.continuationToken(), key);
  }

  /** Temporary credentials for this job's artifacts: an access key id shaped like AWS's session keys. */
  private static JobData.Credentials credentials() {
    StringBuilder accessKey = new StringBuilder("FLJT");
    for (int i = 0; i < 16; i++) {
      accessKey.append(KEY_ALPHABET.charAt(RANDOM.nextInt(KEY_ALPHABET.length())));
    }
    return new JobData.Credentials(accessKey.toString(), random(30), random(48));
  }

  private static String random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
  }

  @Override
  public JobStatus acknowledge(String jobId, String nonce) {
    return acknowledge(job(jobId), nonce, null);
  }

  @Override
  public JobStatus acknowledgeThirdParty(String jobId, String nonce, String clientToken) {
    return acknowledge(thirdPartyJob(jobId, clientToken), nonce, null);
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
      acknowledge(job, nonce, deadline);
      return true;
    } catch (CodePipelineException reportedOrLost) {
      return false;
    }
  }

  /** A handed-off job could not be delivered: its action fails with {@code failed}. */
  void handOffFailed(String jobId, ActionResult.Failed failed) {
    fail(job(jobId), failed.failureType(), failed.message(), failed.externalExecutionId());
  }

  private JobStatus acknowledge(JobRecord job, String nonce, Long inProgressDeadline) {
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

  @Override
  public Job details(String jobId) {
    JobRecord job = job(jobId);
    return new Job(job.id(), job.data(), null, accountId);
  }

  @Override
  public Job thirdPartyDetails(String jobId, String clientToken) {
    JobRecord job = thirdPartyJob(jobId, clientToken);
    return new Job(job.id(), job.data(), job.nonce(), accountId);
  }

  @Override
  public void succeed(String jobId, JobSuccess success) {
    succeed(reportable(job(jobId)), success);
  }

  @Override
  public void succeedThirdParty(String jobId, String clientToken, JobSuccess success) {
    succeed(reportable(thirdPartyJob(jobId, clientToken)), success);
  }

  private void succeed(JobRecord job, JobSuccess success) {
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

  @Override
  public void fail(String jobId, String failureType, String message, String externalExecutionId) {
    fail(job(jobId), failureType, message, externalExecutionId);
  }

  @Override
  public void failThirdParty(String jobId, String clientToken, String failureType, String message,
      String externalExecutionId) {
    fail(thirdPartyJob(jobId, clientToken), failureType, message, externalExecutionId);
  }

  private void fail(JobRecord found, String failureType, String message, String externalExecutionId) {
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

  /** A job of the job operations: a custom action's, or one handed off by Flowline (a Lambda function's). */
  private JobRecord job(String jobId) {
    return store.find(jobId).filter(j -> !THIRD_PARTY.equals(j.type().owner())).orElseThrow(() ->
        new CodePipelineException("JobNotFoundException", "Job " + jobId + " cannot be found"));
  }

  /** A partner's job, once the caller showed its type's client token. */
  private JobRecord thirdPartyJob(String jobId, String clientToken) {
    JobRecord job = store.find(jobId).filter(j -> THIRD_PARTY.equals(j.type().owner())).orElseThrow(() ->
        new CodePipelineException("JobNotFoundException", "Third party job " + jobId + " cannot be found"));
    byte[] expected = thirdParty(job.type()).clientToken().getBytes(StandardCharsets.UTF_8);
    byte[] given = clientToken == null ? new byte[0] : clientToken.getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, given)) {
      throw new CodePipelineException("InvalidClientTokenException", "The client token does not match the one of "
          + describe(job.type()) + ": use the clientToken configured for its clientId");
    }
    return job;
  }

  private JobProperties.ThirdPartyActionType thirdParty(ActionTypeId type) {
    return properties.thirdPartyActionTypes().stream().filter(t -> t.id().equals(type)).findFirst()
        .orElseThrow(() -> new CodePipelineException("ActionTypeNotFoundException", describe(type)
            + " is not configured in flowline.jobs.third-party-action-types"));
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

  private static String describe(ActionTypeId id) {
    return "ActionType (Category: '" + id.category() + "', Provider: '" + id.provider() + "', Owner: '" + id.owner()
        + "', Version: '" + id.version() + "')";
  }
}

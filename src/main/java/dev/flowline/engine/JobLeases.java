package dev.flowline.engine;

import dev.flowline.actions.ActionJob;
import dev.flowline.artifacts.ArtifactLocation;
import dev.flowline.engine.jobs.Job;
import dev.flowline.engine.jobs.JobData;
import dev.flowline.engine.jobs.JobProperties;
import dev.flowline.engine.jobs.JobRecord;
import dev.flowline.engine.jobs.JobStatus;
import dev.flowline.engine.jobs.JobStore;
import dev.flowline.execution.PipelineStore;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.OutputArtifact;
import java.security.SecureRandom;
import java.time.Clock;
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

/**
 * The lease of remote jobs: queries the unlocked external tasks of a type's topic and locks them one at a time
 * under a worker id of its own per job ({@code job/<jobId>}), then records the job with the data its worker gets
 * (artifact locations, temporary credentials, configuration).
 */
@Component
class JobLeases {
  private static final int PAGE = 50;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private final ExternalTaskService externalTasks;
  private final PipelineModels models;
  private final ActionJobStart start;
  private final ActionOutcomes outcomes;
  private final PipelineStore pipelines;
  private final JobStore store;
  private final JobProperties properties;
  private final Clock clock;
  private final String accountId;

  JobLeases(ExternalTaskService externalTasks, PipelineModels models, ActionJobStart start, ActionOutcomes outcomes,
      PipelineStore pipelines, JobStore store, JobProperties properties, Clock clock,
      @Value("${flowline.account-id:123456789012}") String accountId) {
    this.externalTasks = externalTasks;
    this.models = models;
    this.start = start;
    this.outcomes = outcomes;
    this.pipelines = pipelines;
    this.store = store;
    this.properties = properties;
    this.clock = clock;
    this.accountId = accountId;
  }

  /** A job leased for a client inside Flowline that hands it on (the Lambda invoke action), with its assembled job. */
  record Leased(Job job, ActionJob actionJob) {}

  /**
   * Leases up to {@code maxBatchSize} queued jobs of {@code spec}; with a {@code queryKey}, only those whose
   * action's configuration has {@code queryParam}'s value for it.
   */
  List<Leased> leaseQueued(ActionTypeSpec spec, int maxBatchSize, Optional<String> queryKey,
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

  /** The type's queryable configuration key, once {@code queryParam} was checked against it. */
  static Optional<String> checkQuery(ActionTypeSpec spec, Map<String, String> queryParam) {
    Optional<String> queryable = spec.configurationProperties().stream()
        .filter(ActionTypeSpec.ConfigurationProperty::queryable).map(ActionTypeSpec.ConfigurationProperty::name)
        .findFirst();
    Map<String, String> query = queryParam == null ? Map.of() : queryParam;
    if (queryable.isEmpty() && !query.isEmpty()) {
      throw validation(JobLookup.describe(spec.id()) + " has no queryable property: queryParam must be empty");
    }
    if (queryable.isPresent() && !query.containsKey(queryable.get())) {
      throw validation(JobLookup.describe(spec.id()) + " has the queryable property '" + queryable.get()
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
    boolean partner = JobLookup.THIRD_PARTY.equals(job.actionTypeId().owner());
    return new JobData(job.actionTypeId(), new JobData.ActionConfiguration(job.configuration()),
        new JobData.PipelineContext(model.name(), new JobData.Stage(job.stageName()),
            new JobData.Action(job.actionName(), job.actionExecutionId()),
            partner ? null : pipelines.arn(model.name()).orElse(null), partner ? null : job.pipelineExecutionId()),
        inputs, outputs, credentials(), job.continuationToken(), key);
  }

  /** The account a job's worker sees its job in ({@code flowline.account-id}). */
  String accountId() {
    return accountId;
  }

  private static CodePipelineException validation(String message) {
    return new CodePipelineException("ValidationException", message);
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
}

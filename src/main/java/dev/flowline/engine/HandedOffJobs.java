package dev.flowline.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.HandedJob;
import dev.flowline.actions.JobHandOff;
import dev.flowline.engine.jobs.Job;
import dev.flowline.engine.jobs.JobProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The job protocol's third client, next to the in-process worker and the remote job API: jobs of the
 * {@link JobHandOff} types (the Lambda invoke action) are leased as remote jobs are, handed to their taker, and
 * then wait, holding no thread, for the taker's PutJobSuccessResult / PutJobFailureResult through the job API.
 *
 * <p>Why leasing comes before the hand-off: the job id the taker reports with must exist (and be durable) before
 * the taker can possibly report. A node that dies between the lease and the hand-off leaves the job Dispatched; its
 * lease runs out after {@code flowline.jobs.acknowledge-timeout}, the task returns to the queue, and a later round
 * (on any node) hands it off again under a new job id.
 */
@Component
class HandedOffJobs implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(HandedOffJobs.class);
  private static final ObjectMapper JSON = JsonMapper.builder()
      .serializationInclusion(JsonInclude.Include.NON_NULL).build();
  private static final int BATCH = 10;

  private final List<JobHandOff> handOffs;
  private final RemoteJobs jobs;
  private final JobProperties properties;
  private ScheduledExecutorService rounds;

  HandedOffJobs(List<JobHandOff> handOffs, RemoteJobs jobs, JobProperties properties) {
    this.handOffs = List.copyOf(handOffs);
    this.jobs = jobs;
    this.properties = properties;
  }

  /** One look for queued jobs of every hand-off type; each found job is handed off before the next is leased. */
  void round() {
    for (JobHandOff handOff : handOffs) {
      try {
        List<JobLeases.Leased> leased;
        do {
          leased = jobs.leaseForHandOff(handOff.type(), BATCH);
          leased.forEach(job -> deliver(handOff, job));
        } while (leased.size() == BATCH);
      } catch (RuntimeException e) {
        log.warn("Looking for {} jobs failed; trying again later", handOff.type().id().topic(), e);
      }
    }
  }

  private void deliver(JobHandOff handOff, JobLeases.Leased leased) {
    Job job = leased.job();
    var actionJob = leased.actionJob();
    MDC.put("pipelineExecutionId", actionJob.pipelineExecutionId());
    MDC.put("pipeline", actionJob.pipelineName());
    MDC.put("action", actionJob.stageName() + "/" + actionJob.actionName());
    try {
      Map<String, Object> data = JSON.convertValue(job.data(), new TypeReference<>() { });
      Optional<ActionResult.Failed> refused;
      try {
        refused = handOff.handOff(new HandedJob(job.id(), job.accountId(), actionJob, data));
      } catch (Exception e) {
        refused = Optional.of(ActionResult.Failed.jobFailed(e.getMessage() == null ? e.toString() : e.getMessage()));
      }
      if (refused.isPresent()) {
        log.info("Job {} of pipeline {} execution {} could not be handed off: {}", job.id(),
            actionJob.pipelineName(), actionJob.pipelineExecutionId(), refused.get().message());
        jobs.handOffFailed(job.id(), refused.get());
      } else if (!jobs.handedOver(job.id(), job.nonce(), handOff.replyTimeout())) {
        log.debug("Job {} was reported before its hand-off was recorded", job.id());
      }
    } catch (RuntimeException e) {
      log.warn("Handing off job {} of pipeline {} execution {} failed; its lease will run out and it is handed off"
          + " again", job.id(), actionJob.pipelineName(), actionJob.pipelineExecutionId(), e);
    } finally {
      MDC.clear();
    }
  }

  @Override
  public void start() {
    rounds = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "flowline-job-hand-off");
      thread.setDaemon(true);
      return thread;
    });
    if (!handOffs.isEmpty()) {
      long every = properties.handOffInterval().toMillis();
      rounds.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void stop() {
    rounds.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return rounds != null && !rounds.isShutdown();
  }
}

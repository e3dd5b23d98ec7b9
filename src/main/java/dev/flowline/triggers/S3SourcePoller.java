package dev.flowline.triggers;

import dev.flowline.actions.s3.ObjectStore;
import dev.flowline.actions.s3.ObjectStore.ObjectVersion;
import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.StartRequest;
import dev.flowline.execution.PipelineQueries;
import dev.flowline.execution.PipelineSummary;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.triggers.CodeCommitPushTriggers.StartedExecution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code PollForSourceChanges} of {@code Source/AWS/S3/1} (issue 14): every {@code flowline.s3.poll-interval} (off
 * when zero, the default) one look at each watched (bucket, key) — one per object, however many pipelines or
 * versions read it — through the {@link ObjectStore} the S3 source reads (local buckets, or S3 with a HEAD). An
 * object's revision is its version id, or its ETag where the bucket is not versioned (as the action's revision).
 * The first revision seen is the baseline; a new one is claimed by inserting (object, revision) into
 * {@code flowline_source_poll} (primary key) and only the node whose insert succeeds starts the pipelines whose
 * first-stage S3 source reads that object and does not set {@code PollForSourceChanges} to {@code false}
 * (AWS's default is {@code true}); trigger {@code PollForSourceChanges}, detail the object's S3 ARN.
 */
public class S3SourcePoller implements SmartLifecycle {
  static final String S3_SOURCE = "Source/AWS/S3/1";
  private static final Logger log = LoggerFactory.getLogger(S3SourcePoller.class);

  private final PipelineQueries pipelines;
  private final ExecutionService executions;
  private final ObjectStore objects;
  private final SourcePollClaims claims;
  private final PollSchedule schedule;

  public S3SourcePoller(PipelineQueries pipelines, ExecutionService executions, ObjectStore objects, JdbcTemplate jdbc,
      Duration interval, Clock clock) {
    this.pipelines = pipelines;
    this.executions = executions;
    this.objects = objects;
    this.schedule = new PollSchedule("flowline-s3-source-poller", interval);
    this.claims = new SourcePollClaims(jdbc, clock);
  }

  /** An object some pipeline's S3 source polls. */
  public record WatchedObject(String bucket, String key) {}

  /** One round over every watched object; answers what it started. Safe to call from several nodes at once. */
  public List<StartedExecution> pollOnce() {
    List<StartedExecution> started = new ArrayList<>();
    watched().forEach((object, pipelineActions) -> {
      try {
        started.addAll(poll(object, pipelineActions));
      } catch (IOException | RuntimeException e) {
        log.warn("Polling s3://{}/{} failed: {}", object.bucket(), object.key(), e.getMessage());
      }
    });
    return started;
  }

  /** Every polled object with the pipelines (latest versions) whose first-stage S3 source reads it: pipeline -> action. */
  Map<WatchedObject, Map<String, String>> watched() {
    Map<WatchedObject, Map<String, String>> watched = new LinkedHashMap<>();
    for (PipelineSummary summary : pipelines.list()) {
      pipelines.find(summary.name(), null).ifPresent(p -> p.declaration().stagesOrEmpty().stream().limit(1)
          .flatMap(stage -> stage.actionsOrEmpty().stream())
          .filter(action -> action.actionTypeId() != null && S3_SOURCE.equals(action.actionTypeId().topic()))
          .filter(action -> !"false".equalsIgnoreCase(
              action.configurationOrEmpty().getOrDefault("PollForSourceChanges", "true").strip()))
          .filter(action -> action.configurationOrEmpty().get("S3Bucket") != null
              && action.configurationOrEmpty().get("S3ObjectKey") != null)
          .forEach(action -> watched.computeIfAbsent(new WatchedObject(action.configurationOrEmpty().get("S3Bucket"),
              action.configurationOrEmpty().get("S3ObjectKey")), k -> new LinkedHashMap<>())
              .putIfAbsent(summary.name(), action.name())));
    }
    return watched;
  }

  private List<StartedExecution> poll(WatchedObject object, Map<String, String> pipelineActions) throws IOException {
    ObjectVersion version = objects.version(object.bucket(), object.key());
    String revision = version.versionId() != null ? version.versionId() : version.unquotedETag();
    if (revision == null) {
      return List.of();
    }
    String claimed = revision.length() <= 64 ? revision : sha256(revision);
    String key = "s3://" + object.bucket() + "/" + object.key();
    if (claims.claim(key, claimed).isEmpty()) {
      return List.of();
    }
    List<StartedExecution> started = new ArrayList<>();
    for (Map.Entry<String, String> watching : pipelineActions.entrySet()) {
      String pipeline = watching.getKey();
      // a versioned object: the run reads exactly the version this poll saw, not whatever is latest when it runs
      List<StartRequest.SourceRevisionOverride> revisions = version.versionId() == null ? List.of()
          : List.of(new StartRequest.SourceRevisionOverride(watching.getValue(), "S3_OBJECT_VERSION_ID",
              version.versionId()));
      try {
        String executionId = executions.start(pipeline, new StartRequest(Map.of(), null, revisions,
            "PollForSourceChanges", "arn:aws:s3:::" + object.bucket() + "/" + object.key()));
        log.info("s3://{}/{} changed (revision {}): started pipeline={} execution={}", object.bucket(), object.key(),
            revision, pipeline, executionId);
        started.add(new StartedExecution(pipeline, executionId, "PollForSourceChanges"));
      } catch (RuntimeException e) {
        log.warn("s3://{}/{} changed: could not start pipeline={}: {}", object.bucket(), object.key(), pipeline,
            e.getMessage());
      }
    }
    return started;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void start() {
    schedule.start(this::pollOnce);
  }

  @Override
  public void stop() {
    schedule.stop();
  }

  @Override
  public boolean isRunning() {
    return schedule.isRunning();
  }
}

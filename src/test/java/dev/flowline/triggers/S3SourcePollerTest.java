package dev.flowline.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.FlowlineTest;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.s3.ObjectStore;
import dev.flowline.actions.s3.S3ObjectStore;
import dev.flowline.artifacts.Zips;
import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecutionSummary;
import dev.flowline.execution.PipelineQueries;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDocument;
import dev.flowline.triggers.CodeCommitPushTriggers.StartedExecution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * PollForSourceChanges of S3 sources: a local bucket (the store the running Flowline's S3 source reads) and a
 * versioned bucket on the shared moto S3; two pollers on the one database stand for two nodes racing for a change.
 */
@FlowlineTest
class S3SourcePollerTest {
  @Autowired PipelineService pipelines;
  @Autowired PipelineQueries pipelineQueries;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @Autowired ObjectStore objects;
  @Autowired JdbcTemplate jdbc;
  @Autowired AwsClients aws;
  @Value("${flowline.data-dir}") String dataDir;
  @TempDir Path temp;

  @Test
  @DisplayName("local bucket: the first poll is the baseline; a new object starts both pipelines polling it once although two nodes race; PollForSourceChanges=false is not started")
  void localBucket() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String bucket = "poll-" + suffix;
    Files.createDirectories(Path.of(dataDir).resolve("s3").resolve(bucket));
    objects.putObject(bucket, "app.zip", zip("v1"), ObjectStore.PutOptions.contentType("application/zip"));
    String polling = create("s3poll-" + suffix, bucket, "true");
    String byDefault = create("s3poll-d-" + suffix, bucket, null);
    String notPolling = create("s3poll-n-" + suffix, bucket, "false");
    S3SourcePoller node1 = poller(objects);
    S3SourcePoller node2 = poller(objects);

    assertThat(mine(node1.pollOnce(), suffix)).as("baseline").isEmpty();
    assertThat(mine(node2.pollOnce(), suffix)).as("unchanged").isEmpty();
    objects.putObject(bucket, "app.zip", zip("v2"), ObjectStore.PutOptions.contentType("application/zip"));
    List<StartedExecution> started = race(node1, node2);

    assertThat(mine(started, suffix)).extracting(StartedExecution::pipelineName)
        .containsExactlyInAnyOrder(polling, byDefault);
    assertThat(mine(node1.pollOnce(), suffix)).as("the same change again").isEmpty();
    assertThat(polled(polling)).hasSize(1);
    assertThat(polled(notPolling)).isEmpty();
    assertThat(polled(polling).get(0).trigger().triggerDetail()).isEqualTo("arn:aws:s3:::" + bucket + "/app.zip");
  }

  @Test
  @DisplayName("S3 (moto, versioned bucket): a new version id is one start across two racing nodes; re-polling the same version starts nothing")
  void s3VersionId() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String bucket = "poll-" + suffix;
    S3Client s3 = aws.client("s3", () -> S3Client.builder().forcePathStyle(true), "us-east-1", null);
    s3.createBucket(b -> b.bucket(bucket));
    s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status("Enabled")));
    s3.putObject(b -> b.bucket(bucket).key("app.zip"), RequestBody.fromFile(zip("v1")));
    String polling = create("s3poll-m-" + suffix, bucket, "true");
    S3ObjectStore store = new S3ObjectStore(s3);
    S3SourcePoller node1 = poller(store);
    S3SourcePoller node2 = poller(store);

    assertThat(mine(node1.pollOnce(), suffix)).as("baseline").isEmpty();
    // the same bytes again: S3 gives it a new version id, which is a new revision as on AWS
    String polled = s3.putObject(b -> b.bucket(bucket).key("app.zip"), RequestBody.fromFile(zip("v1"))).versionId();
    List<StartedExecution> started = race(node1, node2);
    assertThat(mine(node2.pollOnce(), suffix)).as("the same version again").isEmpty();
    // a newer upload before the run's source action reads must not change what that run reads
    s3.putObject(b -> b.bucket(bucket).key("app.zip"), RequestBody.fromFile(zip("v2")));

    assertThat(mine(started, suffix)).extracting(StartedExecution::pipelineName).containsExactly(polling);
    String executionId = mine(started, suffix).get(0).pipelineExecutionId();
    assertThat(jdbc.queryForObject("SELECT source_revision_overrides FROM flowline_pipeline_execution WHERE id = ?",
        String.class, executionId)).as("the run is pinned to the polled version (read as S3SourceExecutorTest shows)")
        .contains("\"revisionType\":\"S3_OBJECT_VERSION_ID\"").contains("\"revisionValue\":\"" + polled + "\"")
        .contains("\"actionName\":\"Source\"");
  }

  private S3SourcePoller poller(ObjectStore store) {
    return new S3SourcePoller(pipelineQueries, executions, store, jdbc, Duration.ZERO, Clock.systemUTC());
  }

  private static List<StartedExecution> race(S3SourcePoller node1, S3SourcePoller node2) throws Exception {
    List<StartedExecution> started = new ArrayList<>();
    ExecutorService nodes = Executors.newFixedThreadPool(2);
    try {
      CyclicBarrier together = new CyclicBarrier(2);
      List<Future<List<StartedExecution>>> rounds = new ArrayList<>();
      for (S3SourcePoller node : List.of(node1, node2)) {
        Callable<List<StartedExecution>> round = () -> {
          together.await();
          return node.pollOnce();
        };
        rounds.add(nodes.submit(round));
      }
      for (Future<List<StartedExecution>> result : rounds) {
        started.addAll(result.get());
      }
    } finally {
      nodes.shutdownNow();
    }
    return started;
  }

  private String create(String name, String bucket, String poll) {
    PipelineDocument document = PipelineCodec.read("""
        {
          "pipeline": {
            "name": "%s",
            "roleArn": "arn:aws:iam::123456789012:role/flowline-tests",
            "artifactStore": { "type": "S3", "location": "flowline-artifacts" },
            "pipelineType": "V2",
            "executionMode": "QUEUED",
            "stages": [
              { "name": "Source", "actions": [ {
                  "name": "Source",
                  "actionTypeId": { "category": "Source", "owner": "AWS", "provider": "S3", "version": "1" },
                  "configuration": { "S3Bucket": "%s", "S3ObjectKey": "app.zip"%s },
                  "outputArtifacts": [ { "name": "SourceOutput" } ] } ] },
              { "name": "Approve", "actions": [ {
                  "name": "Approve",
                  "actionTypeId": { "category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1" } } ] }
            ]
          }
        }
        """.formatted(name, bucket, poll == null ? "" : ", \"PollForSourceChanges\": \"" + poll + "\""));
    pipelines.create(document);
    return name;
  }

  private List<PipelineExecutionSummary> polled(String pipeline) {
    return queries.executions(pipeline, null, 0, 100).stream()
        .filter(e -> e.trigger() != null && "PollForSourceChanges".equals(e.trigger().triggerType())).toList();
  }

  private Path zip(String content) throws Exception {
    Path dir = Files.createDirectories(temp.resolve(UUID.randomUUID().toString()));
    Files.writeString(dir.resolve("app.txt"), content);
    Path zip = temp.resolve(UUID.randomUUID() + ".zip");
    Zips.zip(dir, zip);
    return zip;
  }

  private static List<StartedExecution> mine(List<StartedExecution> started, String suffix) {
    return started.stream().filter(s -> s.pipelineName().endsWith(suffix)).toList();
  }
}

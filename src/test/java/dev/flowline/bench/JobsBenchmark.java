package dev.flowline.bench;

import dev.flowline.api.ApiProperties;
import dev.flowline.engine.StartRequest;
import dev.flowline.pipeline.PipelineCodec;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionCategory;
import software.amazon.awssdk.services.codepipeline.model.ActionOwner;
import software.amazon.awssdk.services.codepipeline.model.ActionTypeId;
import software.amazon.awssdk.services.codepipeline.model.Job;

/**
 * The job API's costs (docs/benchmarks.md), not part of the test suite:
 * <ol>
 *   <li>{@code jobs} executions each hand one job of a custom action type to {@code workers} concurrent SDK v2
 *       workers, which poll (batch of 1), acknowledge and report success; the figures are the wall time from the
 *       first poll to the last report, jobs per second, and the per-job round trip (poll → acknowledge → success).</li>
 *   <li>{@code singles} executions, one at a time, of Source → custom action (served by one polling worker) and of
 *       Source → built-in no-op action: the median start-to-Succeeded time of each, and the difference.</li>
 * </ol>
 * Run: {@code mvn -B -ntp -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec -Dexec.executable=java
 * -Dexec.classpathScope=test -Dexec.args="-Xmx2g -cp %classpath dev.flowline.bench.JobsBenchmark 1000 4 20"}
 * (arguments: jobs, workers, single executions).
 */
public final class JobsBenchmark {

  private JobsBenchmark() {}

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int workers = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int singles = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    Path dataDir = Files.createTempDirectory("flowline-jobs-bench");
    try (FlowlineApp app = FlowlineApp.boot(dataDir, "jobs-bench");
        CodePipelineClient client = client(app.port())) {
      app.putSourceObject(dataDir);
      client.createCustomActionType(r -> r.category(ActionCategory.BUILD).provider("BenchJob").version("1")
          .inputArtifactDetails(d -> d.minimumCount(0).maximumCount(1))
          .outputArtifactDetails(d -> d.minimumCount(0).maximumCount(0)));
      app.pipelines.create(PipelineCodec.read(pipeline("bench-jobs", "Custom", "BenchJob")));
      app.pipelines.create(PipelineCodec.read(pipeline("bench-builtin", "Custom", NoOpActions.PROVIDER)));
      ActionTypeId type = ActionTypeId.builder().category(ActionCategory.BUILD).owner(ActionOwner.CUSTOM)
          .provider("BenchJob").version("1").build();
      drain(client, type, app);

      for (int i = 0; i < jobs; i++) {
        app.executions.start("bench-jobs", StartRequest.manual("bench"));
      }
      roundTrips(client, type, jobs, workers);
      drain(client, type, app);

      long[] custom = singles(app, client, type, "bench-jobs", singles);
      long[] builtIn = singles(app, client, null, "bench-builtin", singles);
      System.out.printf("single executions (%d each, one at a time): Source -> custom action: median %d ms, p90 %d"
          + " ms; Source -> built-in no-op action: median %d ms, p90 %d ms; extra latency of the custom action:"
          + " %d ms (median)%n", singles, custom[0], custom[1], builtIn[0], builtIn[1], custom[0] - builtIn[0]);
    }
  }

  /** Runs the burst: {@code workers} threads poll, acknowledge and report until {@code jobs} jobs are done. */
  private static void roundTrips(CodePipelineClient client, ActionTypeId type, int jobs, int workers)
      throws Exception {
    AtomicInteger done = new AtomicInteger();
    List<Long> trips = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    long begin = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int w = 0; w < workers; w++) {
      running.add(pool.submit(() -> {
        while (done.get() < jobs) {
          long t0 = System.nanoTime();
          List<Job> polled = client.pollForJobs(r -> r.actionTypeId(type).maxBatchSize(1)).jobs();
          if (polled.isEmpty()) {
            continue;
          }
          Job job = polled.get(0);
          client.acknowledgeJob(r -> r.jobId(job.id()).nonce(job.nonce()));
          client.putJobSuccessResult(r -> r.jobId(job.id()).executionDetails(d -> d.summary("bench")));
          trips.add(System.nanoTime() - t0);
          done.incrementAndGet();
        }
        return null;
      }));
    }
    for (Future<?> f : running) {
      f.get();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - begin) / 1e9;
    List<Long> sorted = new ArrayList<>(trips);
    Collections.sort(sorted);
    System.out.printf("job round trips: %d jobs, %d workers: %.1f s, %.1f jobs/s; poll+ack+success per job: median"
        + " %.1f ms, p95 %.1f ms, p99 %.1f ms%n", done.get(), workers, seconds, done.get() / seconds,
        ms(sorted, 0.50), ms(sorted, 0.95), ms(sorted, 0.99));
  }

  /** Median and p90 of start-to-Succeeded of {@code count} executions, one at a time. */
  private static long[] singles(FlowlineApp app, CodePipelineClient client, ActionTypeId type, String pipeline,
      int count) throws Exception {
    List<Long> durations = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      String id = app.executions.start(pipeline, StartRequest.manual("bench"));
      while (true) {
        if (type != null) {
          for (Job job : client.pollForJobs(r -> r.actionTypeId(type).maxBatchSize(1)).jobs()) {
            client.acknowledgeJob(r -> r.jobId(job.id()).nonce(job.nonce()));
            client.putJobSuccessResult(r -> r.jobId(job.id()));
          }
        }
        String status = client.getPipelineExecution(r -> r.pipelineName(pipeline).pipelineExecutionId(id))
            .pipelineExecution().statusAsString();
        if ("Succeeded".equals(status)) {
          break;
        }
        if (!"InProgress".equals(status)) {
          throw new IllegalStateException(pipeline + " execution " + id + " ended " + status);
        }
        if (type == null) {
          Thread.sleep(5);
        }
      }
      durations.add((System.nanoTime() - t0) / 1_000_000);
    }
    Collections.sort(durations);
    return new long[] {durations.get(durations.size() / 2), durations.get((int) (durations.size() * 0.9))};
  }

  /** Reports every job still queued (the executions CreatePipeline started), so the next figure starts clean. */
  private static void drain(CodePipelineClient client, ActionTypeId type, FlowlineApp app) throws Exception {
    Thread.sleep(2000);
    List<Job> polled;
    while (!(polled = client.pollForJobs(r -> r.actionTypeId(type).maxBatchSize(100)).jobs()).isEmpty()) {
      for (Job job : polled) {
        client.putJobSuccessResult(r -> r.jobId(job.id()));
      }
    }
  }

  private static double ms(List<Long> sorted, double quantile) {
    return sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * quantile))) / 1e6;
  }

  private static String pipeline(String name, String owner, String provider) {
    return """
        { "pipeline": {
            "name": "%s",
            "roleArn": "arn:aws:iam::123456789012:role/bench",
            "artifactStore": { "type": "S3", "location": "flowline-artifacts" },
            "pipelineType": "V2",
            "executionMode": "PARALLEL",
            "stages": [
              { "name": "Source", "actions": [ { "name": "Source",
                  "actionTypeId": { "category": "Source", "owner": "Custom", "provider": "%s", "version": "1" } } ] },
              { "name": "Work", "actions": [ { "name": "Work",
                  "actionTypeId": { "category": "Build", "owner": "%s", "provider": "%s", "version": "1" } } ] } ] } }
        """.formatted(name, NoOpActions.PROVIDER, owner, provider);
  }

  private static CodePipelineClient client(int port) {
    return CodePipelineClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            ApiProperties.DEFAULT_ACCESS_KEY_ID, ApiProperties.DEFAULT_SECRET_ACCESS_KEY)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}

package dev.flowline.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.FlowlineTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionCategory;
import software.amazon.awssdk.services.codepipeline.model.ActionDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ExecutionMode;
import software.amazon.awssdk.services.codepipeline.model.InputArtifact;
import software.amazon.awssdk.services.codepipeline.model.PipelineDeclaration;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionSummary;
import software.amazon.awssdk.services.codepipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.PipelineType;
import software.amazon.awssdk.services.codepipeline.model.StageDeclaration;
import software.amazon.awssdk.services.codepipeline.model.StageRetryMode;

/**
 * Create, Delete, Start, Stop and Retry from several threads against running executions of a few pipelines,
 * through the real SDK with its retries off, so that every answer the server gives is seen: none may be a 5xx,
 * and afterwards every pipeline is either gone without a trace or answers GetPipelineState.
 */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConcurrentOperationsSdkTest {

  private static final int THREADS = 6;
  private static final int OPERATIONS_PER_THREAD = 30;
  private static final Duration TIME_BOUND = Duration.ofSeconds(45);
  private static final String BUILD_STAGE = "Build";

  @LocalServerPort
  int port;

  @Autowired
  JdbcTemplate jdbc;

  CodePipelineClient client;

  @BeforeAll
  void start() {
    ApiTestData.putSourceObject();
    client = CodePipelineClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            ApiProperties.DEFAULT_ACCESS_KEY_ID, ApiProperties.DEFAULT_SECRET_ACCESS_KEY)))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }

  @AfterAll
  void stop() {
    client.close();
  }

  @Test
  @DisplayName("given a pipeline whose first execution is running, when it is deleted right after CreatePipeline, "
      + "then the delete succeeds and nothing of it is left")
  void deleteRightAfterCreateWhileTheFirstExecutionRuns() {
    for (int run = 0; run < 4; run++) {
      String name = "delete-after-create-" + run;
      client.createPipeline(r -> r.pipeline(pipeline(name, ExecutionMode.QUEUED)));

      client.deletePipeline(r -> r.name(name));

      assertGone(name);
    }
  }

  @Test
  @DisplayName("given several threads creating, deleting, starting, stopping and retrying executions of three "
      + "pipelines, then no answer is a 5xx and every pipeline is either gone or answers GetPipelineState")
  void concurrentOperationsNeverAnswer5xx() throws Exception {
    List<String> names = List.of("race-queued", "race-parallel", "race-superseded");
    Map<String, ExecutionMode> modes = Map.of("race-queued", ExecutionMode.QUEUED,
        "race-parallel", ExecutionMode.PARALLEL, "race-superseded", ExecutionMode.SUPERSEDED);
    names.forEach(name -> client.createPipeline(r -> r.pipeline(pipeline(name, modes.get(name)))));
    List<String> serverErrors = Collections.synchronizedList(new ArrayList<>());
    Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    long deadline = System.nanoTime() + TIME_BOUND.toNanos();

    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Random random = new Random(1000 + t);
      done.add(threads.submit(() -> {
        for (int i = 0; i < OPERATIONS_PER_THREAD && System.nanoTime() < deadline; i++) {
          String name = names.get(random.nextInt(names.size()));
          String operation = operation(random);
          try {
            run(operation, name, modes.get(name), random);
            answers.computeIfAbsent(operation + " 200", k -> new AtomicInteger()).incrementAndGet();
          } catch (AwsServiceException e) {
            answers.computeIfAbsent(operation + " " + e.statusCode() + " " + e.awsErrorDetails().errorCode(),
                k -> new AtomicInteger()).incrementAndGet();
            if (e.statusCode() >= 500) {
              serverErrors.add(operation + " " + name + ": " + e.statusCode() + " " + e.getMessage());
            }
          }
        }
      }));
    }
    for (Future<?> future : done) {
      future.get(TIME_BOUND.toSeconds() + 60, TimeUnit.SECONDS);
    }
    threads.shutdown();

    assertThat(serverErrors).as("answers: %s", answers).isEmpty();
    assertThat(answers.keySet()).as("the mix reached the server").anyMatch(k -> k.startsWith("DeletePipeline 200"))
        .anyMatch(k -> k.startsWith("StartPipelineExecution 200"));
    for (String name : names) {
      if (exists(name)) {
        assertThat(client.getPipelineState(r -> r.name(name)).pipelineName()).isEqualTo(name);
        client.deletePipeline(r -> r.name(name));
      }
      assertGone(name);
    }
  }

  private static String operation(Random random) {
    int pick = random.nextInt(100);
    return pick < 10 ? "CreatePipeline" : pick < 20 ? "DeletePipeline" : pick < 50 ? "StartPipelineExecution"
        : pick < 70 ? "StopPipelineExecution" : pick < 85 ? "RetryStageExecution" : "GetPipelineState";
  }

  private void run(String operation, String name, ExecutionMode mode, Random random) {
    switch (operation) {
      case "CreatePipeline" -> client.createPipeline(r -> r.pipeline(pipeline(name, mode)));
      case "DeletePipeline" -> client.deletePipeline(r -> r.name(name));
      case "StartPipelineExecution" -> client.startPipelineExecution(r -> r.name(name));
      case "StopPipelineExecution" -> {
        PipelineExecutionSummary running = pick(name, PipelineExecutionStatus.IN_PROGRESS, random);
        if (running != null) {
          client.stopPipelineExecution(r -> r.pipelineName(name).pipelineExecutionId(
              running.pipelineExecutionId()).abandon(random.nextBoolean()).reason("concurrency test"));
        }
      }
      case "RetryStageExecution" -> {
        PipelineExecutionSummary ended = pick(name, random.nextBoolean() ? PipelineExecutionStatus.FAILED
            : PipelineExecutionStatus.STOPPED, random);
        if (ended != null) {
          client.retryStageExecution(r -> r.pipelineName(name).stageName(BUILD_STAGE)
              .pipelineExecutionId(ended.pipelineExecutionId()).retryMode(StageRetryMode.FAILED_ACTIONS));
        }
      }
      default -> client.getPipelineState(r -> r.name(name));
    }
  }

  private PipelineExecutionSummary pick(String name, PipelineExecutionStatus status, Random random) {
    List<PipelineExecutionSummary> matching = client.listPipelineExecutions(r -> r.pipelineName(name))
        .pipelineExecutionSummaries().stream().filter(s -> s.status() == status).toList();
    return matching.isEmpty() ? null : matching.get(random.nextInt(matching.size()));
  }

  private boolean exists(String name) {
    try {
      client.getPipeline(r -> r.name(name));
      return true;
    } catch (PipelineNotFoundException e) {
      return false;
    }
  }

  private void assertGone(String name) {
    assertThat(exists(name)).as("pipeline %s", name).isFalse();
    for (String table : List.of("flowline_pipeline_execution", "flowline_stage_execution",
        "flowline_action_execution", "flowline_stage_lock", "flowline_stage_waiter", "flowline_pipeline_version")) {
      assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE pipeline_name = ?", Integer.class,
          name)).as("%s rows of %s", table, name).isZero();
    }
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ACT_RE_DEPLOYMENT WHERE NAME_ = ?", Integer.class,
        "pipeline:" + name)).as("Camunda deployments of %s", name).isZero();
    try {
      client.listPipelineExecutions(r -> r.pipelineName(name));
    } catch (PipelineNotFoundException | PipelineExecutionNotFoundException e) {
      return;
    }
    throw new AssertionError("ListPipelineExecutions still answers for deleted pipeline " + name);
  }

  /** Source (S3), then a Build stage whose one command runs a moment and fails for about half the executions. */
  private static PipelineDeclaration pipeline(String name, ExecutionMode mode) {
    PipelineDeclaration source = SdkPipelines.sourceThenApproval(name);
    return source.toBuilder()
        .pipelineType(PipelineType.V2)
        .executionMode(mode)
        .stages(source.stages().get(0), StageDeclaration.builder().name(BUILD_STAGE).actions(
            ActionDeclaration.builder().name("Compile")
                .actionTypeId(SdkPipelines.type(ActionCategory.COMPUTE, "Commands"))
                .inputArtifacts(InputArtifact.builder().name("SourceOutput").build())
                .commands("sleep 0.3", "exit $(( $$ % 2 ))")
                .build()).build())
        .build();
  }
}

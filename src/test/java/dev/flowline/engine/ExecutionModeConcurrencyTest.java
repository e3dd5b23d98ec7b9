package dev.flowline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecutionSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Many executions started at once from several threads, run by several worker threads (flowline.worker.threads
 * in the test profile) and the job executor's pool: the execution-mode rules hold under concurrency.
 */
@FlowlineTest
class ExecutionModeConcurrencyTest {
  private static final int EXECUTIONS = 50;
  private static final int STARTERS = 6;
  private static final List<String> STAGES = List.of("Source", "Build", "Deploy");

  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @Autowired JdbcTemplate jdbc;

  private String pipeline(String mode) throws Exception {
    String name = PipelineFixtures.uniqueName(mode.toLowerCase());
    pipelines.create(TestPipelines.named(name).mode(mode)
        .stage("Build", "Compile=sleep 0.0$((RANDOM % 5))", "Lint=true")
        .stage("Deploy", "Ship=true").document());
    return name;
  }

  /** Starts EXECUTIONS executions from STARTERS threads at once (the pipeline's own first one included). */
  private List<String> startConcurrently(String name) throws Exception {
    ExecutorService starters = Executors.newFixedThreadPool(STARTERS);
    try {
      List<Future<String>> started = new ArrayList<>();
      for (int i = 1; i < EXECUTIONS; i++) {
        started.add(starters.submit(() -> executions.start(name, StartRequest.manual("load"))));
      }
      List<String> ids = new ArrayList<>();
      for (Future<String> f : started) {
        ids.add(f.get());
      }
      return ids;
    } finally {
      starters.shutdown();
    }
  }

  /** What the failed actions said, so that a failed run names its cause. */
  private String failedActions(String name) {
    return "failed actions: " + jdbc.queryForList("SELECT stage_name, action_name, error_code, error_message "
        + "FROM flowline_action_execution WHERE pipeline_name = ? AND status = 'Failed'", name);
  }

  private List<PipelineExecutionSummary> awaitAllSettled(String name) {
    return await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
        .until(() -> queries.executions(name, null, 0, 1000),
            all -> all.size() == EXECUTIONS && all.stream().noneMatch(e -> e.status().equals("InProgress")));
  }

  @Test
  @DisplayName("QUEUED: 50 concurrent executions never share a stage and keep their order through every stage")
  void queuedNeverSharesAStageAndKeepsOrder() throws Exception {
    String name = pipeline("QUEUED");
    startConcurrently(name);
    List<PipelineExecutionSummary> all = awaitAllSettled(name);
    assertThat(all).extracting(PipelineExecutionSummary::status).as(() -> failedActions(name)).containsOnly("Succeeded");

    StageRecords records = new StageRecords(jdbc, name);
    List<String> firstOrder = records.visits("Source").stream().map(StageRecords.Visit::executionId).toList();
    assertThat(firstOrder).hasSize(EXECUTIONS);
    for (String stage : STAGES) {
      List<StageRecords.Visit> visits = records.visits(stage);
      assertThat(visits).as("entry order of %s", stage).extracting(StageRecords.Visit::executionId)
          .containsExactlyElementsOf(firstOrder);
      for (int i = 1; i < visits.size(); i++) {
        assertThat(visits.get(i).start()).as("%s entered %s before %s left it", visits.get(i).executionId(), stage,
            visits.get(i - 1).executionId()).isGreaterThanOrEqualTo(visits.get(i - 1).end());
      }
    }
  }

  @Test
  @DisplayName("SUPERSEDED: at most one execution waits at a gate; every execution succeeds or is superseded")
  void supersededKeepsAtMostOneWaiter() throws Exception {
    String name = pipeline("SUPERSEDED");
    int longestLine;
    try (LineSampler line = LineSampler.start(jdbc, name, Duration.ofMillis(5))) {
      startConcurrently(name);
      List<PipelineExecutionSummary> all = awaitAllSettled(name);
      assertThat(all).extracting(PipelineExecutionSummary::status).as(() -> failedActions(name))
          .containsOnly("Succeeded", "Superseded");
      assertThat(all).filteredOn(e -> e.status().equals("Superseded")).isNotEmpty();
      List<StageRecords.Visit> entered = new StageRecords(jdbc, name).visits("Source");
      String last = entered.get(entered.size() - 1).executionId();
      assertThat(all).filteredOn(e -> e.pipelineExecutionId().equals(last)).extracting(PipelineExecutionSummary::status)
          .as("the last execution to arrive is never superseded").containsExactly("Succeeded");
      longestLine = line.longest();
    }
    assertThat(longestLine).isLessThanOrEqualTo(1);
    StageRecords records = new StageRecords(jdbc, name);
    for (String stage : STAGES) {
      List<StageRecords.Visit> visits = records.visits(stage);
      for (int i = 1; i < visits.size(); i++) {
        assertThat(visits.get(i).start()).isGreaterThanOrEqualTo(visits.get(i - 1).end());
      }
    }
  }

  @Test
  @DisplayName("PARALLEL: executions overlap in a stage and all succeed")
  void parallelExecutionsOverlap() throws Exception {
    String name = pipeline("PARALLEL");
    startConcurrently(name);
    List<PipelineExecutionSummary> all = awaitAllSettled(name);
    assertThat(all).extracting(PipelineExecutionSummary::status).as(() -> failedActions(name)).containsOnly("Succeeded");
    List<StageRecords.Visit> visits = new ArrayList<>(new StageRecords(jdbc, name).visits("Build"));
    Collections.sort(visits, (a, b) -> Long.compare(a.start(), b.start()));
    boolean overlap = false;
    for (int i = 1; i < visits.size() && !overlap; i++) {
      overlap = visits.get(i).start() < visits.get(i - 1).end();
    }
    assertThat(overlap).as("some executions were in Build at the same time").isTrue();
  }
}

package dev.flowline.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.engine.LineSampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ExecutionMode;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionSummary;

/**
 * "Several Flowline nodes share one PostgreSQL": two Flowline processes on one fresh PostgreSQL database and one
 * data dir (its artifact and bucket directories shared, as two processes on one machine share them), executions
 * started through both nodes' APIs from several threads at once, and the execution-mode rules checked on the
 * records both nodes wrote.
 */
class ClusterTest {

  static final int EXECUTIONS = 20;
  static final int PARALLEL_EXECUTIONS = 8;
  static final int STARTERS = 4;
  static final List<String> STAGES = List.of("Source", "Build", "Deploy");

  static PostgresDatabase database;
  static Path dataDir;
  static FlowlineNode nodeA;
  static FlowlineNode nodeB;
  static CodePipelineClient apiA;
  static CodePipelineClient apiB;

  @BeforeAll
  static void startTwoNodes() throws Exception {
    database = PostgresDatabase.create();
    dataDir = Files.createTempDirectory("flowline-cluster");
    Path logs = Path.of("target", "cluster-logs", ClusterTest.class.getSimpleName());
    // one after the other: the first start creates the schema (Camunda's and Flyway's)
    nodeA = FlowlineNode.start("node-a", logs, properties("node-a"));
    nodeB = FlowlineNode.start("node-b", logs, properties("node-b"));
    apiA = nodeA.codePipeline();
    apiB = nodeB.codePipeline();
    System.out.printf("[ClusterTest] %s started in %d ms, %s in %d ms, database %s%n", nodeA,
        nodeA.startup().toMillis(), nodeB, nodeB.startup().toMillis(), database.name());
  }

  @AfterAll
  static void stopNodes() throws Exception {
    for (AutoCloseable closeable : new AutoCloseable[] {apiA, apiB, nodeA, nodeB, database}) {
      if (closeable != null) {
        closeable.close();
      }
    }
    if (dataDir != null) {
      FileSystemUtils.deleteRecursively(dataDir);
    }
  }

  private static Map<String, String> properties(String node) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("flowline.data-dir", dataDir.toString());
    properties.put("spring.datasource.url", database.url());
    properties.put("spring.datasource.username", PostgresDatabase.USER);
    properties.put("spring.datasource.password", "");
    properties.put("spring.datasource.hikari.maximum-pool-size", "12");
    properties.put("flowline.demo.enabled", "false");
    // which node ran which engine job and which worker which build: Camunda's job and external task logs
    properties.put("flowline.retention.engine-logs", "true");
    // small worker pools: a node holds at most two actions, so parallel work must spill over to the other node
    properties.put("flowline.worker.threads", "2");
    // names the node in Camunda's job log (ACT_HI_JOB_LOG.HOSTNAME_): both nodes run on one host
    properties.put("camunda.bpm.generic-properties.properties.hostname", node);
    return properties;
  }

  @Test
  @DisplayName("given an empty PostgreSQL database, when the first node starts, then Flyway applied every Flowline "
      + "migration and Camunda created its schema")
  void givenAnEmptyDatabase_whenTheNodesStart_thenBothSchemasAreThere() {
    JdbcTemplate jdbc = database.jdbc();
    assertThat(jdbc.queryForList("SELECT version FROM flowline_schema_history WHERE success AND version IS NOT NULL "
        + "ORDER BY installed_rank", String.class)).containsExactlyElementsOf(migrationVersions());
    assertThat(jdbc.queryForList("SELECT version_ FROM act_ge_schema_log", String.class)).containsExactly("7.24.0");
    assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' "
        + "AND table_name LIKE 'act_%'", Integer.class)).isGreaterThan(40);
  }

  /** The versions of src/main/resources/db/migration/V*__*.sql, in order: every one must have run. */
  private static List<String> migrationVersions() {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
      return files.map(f -> f.getFileName().toString()).filter(f -> f.matches("V\\d+__.*\\.sql"))
          .map(f -> f.substring(1, f.indexOf("__"))).sorted(java.util.Comparator.comparingInt(Integer::parseInt))
          .toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  @DisplayName("given a QUEUED pipeline, when 20 executions are started through both nodes from 4 threads, then "
      + "every execution Succeeded, no two were in one stage at once, and all entered every stage in the same order")
  void givenQueuedPipeline_whenExecutionsStartOnBothNodes_thenTheQueueHoldsAcrossNodes() throws Exception {
    String name = pipeline(ExecutionMode.QUEUED);
    Instant begin = Instant.now();
    Map<String, Integer> startedOn = startOnBothNodes(name);
    List<PipelineExecutionSummary> all = awaitAllSettled(name);
    long millis = Duration.between(begin, Instant.now()).toMillis();

    assertThat(all).extracting(PipelineExecutionSummary::status).containsOnly(PipelineExecutionStatus.SUCCEEDED);
    ClusterRecords records = new ClusterRecords(database.jdbc(), name);
    List<String> firstOrder = records.visits("Source").stream().map(ClusterRecords.Visit::executionId).toList();
    assertThat(firstOrder).hasSize(EXECUTIONS);
    for (String stage : STAGES) {
      List<ClusterRecords.Visit> visits = records.visits(stage);
      assertThat(visits).as("entry order of %s", stage).extracting(ClusterRecords.Visit::executionId)
          .containsExactlyElementsOf(firstOrder);
      assertNoOverlap(stage, visits);
    }
    System.out.printf("[ClusterTest QUEUED] %d executions (started via %s) settled in %d ms; gate decisions per "
        + "node: %s; actions per worker: %s; jobs per node: %s%n", all.size(), startedOn, millis, gateDecisions(name),
        records.completedActionsByWorker(), records.jobsByHost());
  }

  @Test
  @DisplayName("given a SUPERSEDED pipeline, when 20 executions are started through both nodes from 4 threads, then "
      + "at most one execution waited at any gate, each execution Succeeded or was Superseded, the last to arrive "
      + "Succeeded, and no two were in one stage at once")
  void givenSupersededPipeline_whenExecutionsStartOnBothNodes_thenAtMostOneWaitsAcrossNodes() throws Exception {
    String name = pipeline(ExecutionMode.SUPERSEDED);
    JdbcTemplate jdbc = database.jdbc();
    List<PipelineExecutionSummary> all;
    Map<String, Integer> startedOn;
    int longestLine;
    try (LineSampler line = LineSampler.start(jdbc, name, Duration.ofMillis(10))) {
      startedOn = startOnBothNodes(name);
      all = awaitAllSettled(name);
      longestLine = line.longest();
    }

    assertThat(all).extracting(PipelineExecutionSummary::status)
        .containsOnly(PipelineExecutionStatus.SUCCEEDED, PipelineExecutionStatus.SUPERSEDED);
    assertThat(longestLine).as("executions waiting at one gate at once").isLessThanOrEqualTo(1);
    ClusterRecords records = new ClusterRecords(jdbc, name);
    List<ClusterRecords.Visit> entered = records.visits("Source");
    String last = entered.get(entered.size() - 1).executionId();
    assertThat(all).filteredOn(e -> e.pipelineExecutionId().equals(last)).extracting(PipelineExecutionSummary::status)
        .as("the last execution to arrive is never superseded").containsExactly(PipelineExecutionStatus.SUCCEEDED);
    for (String stage : STAGES) {
      assertNoOverlap(stage, records.visits(stage));
    }
    long superseded = all.stream().filter(e -> e.status() == PipelineExecutionStatus.SUPERSEDED).count();
    System.out.printf("[ClusterTest SUPERSEDED] %d executions (started via %s): %d Succeeded, %d Superseded; "
        + "gate decisions per node: %s; actions per worker: %s; jobs per node: %s%n", all.size(), startedOn,
        all.size() - superseded, superseded, gateDecisions(name), records.completedActionsByWorker(),
        records.jobsByHost());
  }

  @Test
  @DisplayName("given a PARALLEL pipeline whose build takes 2 s and two nodes with two worker threads each, when 8 "
      + "executions are started through both nodes, then all Succeeded, the workers of both nodes ran builds and the "
      + "job executors of both nodes ran engine jobs")
  void givenParallelBuilds_whenMoreThanOneNodeCanHold_thenBothNodesWork() throws Exception {
    String name = NodePipelines.uniqueName("parallel");
    NodePipelines.putSource(dataDir, name);
    Map<String, List<String>> stages = new LinkedHashMap<>();
    stages.put("Build", List.of("sleep 2"));
    stages.put("Deploy", List.of("true"));
    apiA.createPipeline(b -> b.pipeline(NodePipelines.commands(name, ExecutionMode.PARALLEL, stages)));
    Instant begin = Instant.now();
    Map<String, Integer> startedOn = startOnBothNodes(name, PARALLEL_EXECUTIONS);
    List<PipelineExecutionSummary> all = awaitAllSettled(name, PARALLEL_EXECUTIONS);
    long millis = Duration.between(begin, Instant.now()).toMillis();

    assertThat(all).extracting(PipelineExecutionSummary::status).containsOnly(PipelineExecutionStatus.SUCCEEDED);
    ClusterRecords records = new ClusterRecords(database.jdbc(), name);
    Map<String, Integer> builds = records.completedActionsByWorker("Build", "Build");
    assertThat(builds).as("builds completed per worker id").hasSize(2);
    assertThat(builds.values()).as("builds completed per worker id").allMatch(count -> count > 0);
    Map<String, Integer> jobs = records.jobsByHost();
    assertThat(jobs).as("engine jobs executed per node").containsOnlyKeys("node-a", "node-b");
    System.out.printf("[ClusterTest PARALLEL] %d executions (started via %s) settled in %d ms; builds per worker: %s; "
        + "actions per worker: %s; jobs per node: %s%n", all.size(), startedOn, millis, builds,
        records.completedActionsByWorker(), jobs);
  }

  /** How many gate decisions (an execution parked in front of a stage, or let in from there) each node logged. */
  private static Map<String, Long> gateDecisions(String pipeline) throws IOException {
    Map<String, Long> decisions = new LinkedHashMap<>();
    for (FlowlineNode node : List.of(nodeA, nodeB)) {
      try (var lines = Files.lines(node.log())) {
        decisions.put(node.name(), lines.filter(l -> l.contains(" of " + pipeline + " waits in front of stage ")
            || l.contains(" of " + pipeline + " admitted to stage ")).count());
      }
    }
    return decisions;
  }

  /** Source, Build (Commands {@code sleep 0.2}), Deploy (Commands {@code true}), created through node A. */
  private static String pipeline(ExecutionMode mode) throws Exception {
    String name = NodePipelines.uniqueName(mode.toString().toLowerCase());
    NodePipelines.putSource(dataDir, name);
    Map<String, List<String>> stages = new LinkedHashMap<>();
    stages.put("Build", List.of("sleep 0.2"));
    stages.put("Deploy", List.of("true"));
    apiA.createPipeline(b -> b.pipeline(NodePipelines.commands(name, mode, stages)));
    return name;
  }

  /**
   * Starts executions alternately through node A and node B from STARTERS threads, up to {@code executions} with the
   * one CreatePipeline started; returns how many each node's API started.
   */
  private static Map<String, Integer> startOnBothNodes(String name) throws Exception {
    return startOnBothNodes(name, EXECUTIONS);
  }

  private static Map<String, Integer> startOnBothNodes(String name, int executions) throws Exception {
    ExecutorService starters = Executors.newFixedThreadPool(STARTERS);
    Map<String, Integer> startedOn = new LinkedHashMap<>(Map.of("node-a (CreatePipeline)", 1));
    try {
      List<Future<String>> started = new ArrayList<>();
      for (int i = 1; i < executions; i++) {
        CodePipelineClient api = i % 2 == 0 ? apiA : apiB;
        startedOn.merge(i % 2 == 0 ? "node-a" : "node-b", 1, Integer::sum);
        started.add(starters.submit(() -> api.startPipelineExecution(b -> b.name(name)).pipelineExecutionId()));
      }
      for (Future<String> execution : started) {
        assertThat(execution.get()).isNotBlank();
      }
    } finally {
      starters.shutdown();
    }
    return startedOn;
  }

  private static List<PipelineExecutionSummary> awaitAllSettled(String name) {
    return awaitAllSettled(name, EXECUTIONS);
  }

  private static List<PipelineExecutionSummary> awaitAllSettled(String name, int executions) {
    return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
        .until(() -> apiA.listPipelineExecutions(b -> b.pipelineName(name).maxResults(100)).pipelineExecutionSummaries(),
            all -> all.size() == executions
                && all.stream().noneMatch(e -> e.status() == PipelineExecutionStatus.IN_PROGRESS));
  }

  private static void assertNoOverlap(String stage, List<ClusterRecords.Visit> visits) {
    List<ClusterRecords.Visit> byStart = visits.stream().sorted(Comparator.comparingLong(ClusterRecords.Visit::start)
        .thenComparingLong(ClusterRecords.Visit::seq)).toList();
    for (int i = 1; i < byStart.size(); i++) {
      assertThat(byStart.get(i).start()).as("%s entered %s before %s left it", byStart.get(i).executionId(), stage,
          byStart.get(i - 1).executionId()).isGreaterThanOrEqualTo(byStart.get(i - 1).end());
    }
  }
}

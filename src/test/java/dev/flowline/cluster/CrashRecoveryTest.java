package dev.flowline.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.artifacts.MotoServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.ArtifactsType;
import software.amazon.awssdk.services.codebuild.model.ComputeType;
import software.amazon.awssdk.services.codebuild.model.EnvironmentType;
import software.amazon.awssdk.services.codebuild.model.SourceType;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionExecution;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionDetail;
import software.amazon.awssdk.services.codepipeline.model.ActionExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.StageState;

/**
 * "Progress is durable": a Flowline server, started as its own OS process on its embedded default database (H2
 * under the data dir), is killed with SIGKILL, and a second server started on the same data dir carries on. What
 * the API acknowledged is kept; an external build is resumed from its continuation token (never started twice);
 * local work that was cut off runs again (at-least-once).
 */
class CrashRecoveryTest {

  /** Long enough that the node is killed after StartBuild and before it looks at the build again. */
  static final Duration RECHECK_AFTER = Duration.ofSeconds(8);
  /** A dead node's external-task locks (actions) and job locks (async continuations) expire this fast. */
  static final String LOCK_DURATION = "3s";
  static final Duration JOB_LOCK = Duration.ofSeconds(5);

  @TempDir Path dataDir;
  MotoServer moto;
  CodeBuildProxy codeBuild;
  Path logs;
  final List<FlowlineNode> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(FlowlineNode::close);
    if (codeBuild != null) {
      codeBuild.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  @DisplayName("given CreatePipeline and five TagResource calls have answered, when the node is killed with SIGKILL "
      + "right after the last answer and a new node starts on the same data, then the new node has the pipeline, all "
      + "five tags, and runs the pipeline's first execution to Succeeded")
  void givenAnsweredWrites_whenTheNodeIsKilledRightAfter_thenTheNextNodeHasThemAll(TestInfo test) throws Exception {
    logs = logDirectory(test);
    String name = NodePipelines.uniqueName("crash-writes");
    NodePipelines.putSource(dataDir, name);
    Map<String, String> tags = new LinkedHashMap<>();
    for (int i = 1; i <= 5; i++) {
      tags.put("key" + i, "value" + i);
    }

    FlowlineNode first = start("first");
    String arn;
    try (CodePipelineClient api = first.codePipeline()) {
      api.createPipeline(b -> b.pipeline(NodePipelines.commands(name, null, Map.of("Build", List.of("true")))));
      arn = api.getPipeline(b -> b.name(name)).metadata().pipelineArn();
      // the pipeline's first execution writes meanwhile: the last answer comes in the middle of other commits
      tags.forEach((key, value) -> api.tagResource(b -> b.resourceArn(arn).tags(t -> t.key(key).value(value))));
    }
    Instant killed = Instant.now();
    first.kill();

    FlowlineNode second = start("second");
    Instant up = Instant.now();
    try (CodePipelineClient api = second.codePipeline()) {
      assertThat(api.listPipelines().pipelines()).extracting(p -> p.name()).contains(name);
      assertThat(api.listTagsForResource(b -> b.resourceArn(arn)).tags())
          .extracting(t -> t.key() + "=" + t.value()).containsExactly("key1=value1", "key2=value2", "key3=value3",
              "key4=value4", "key5=value5");
      var executions = api.listPipelineExecutions(b -> b.pipelineName(name)).pipelineExecutionSummaries();
      assertThat(executions).hasSize(1);
      PipelineExecutionStatus status = awaitEnd(api, name, executions.get(0).pipelineExecutionId());
      Instant ended = Instant.now();
      assertThat(status).isEqualTo(PipelineExecutionStatus.SUCCEEDED);
      report(test, first, second, killed, up, ended, "pipeline and 5 tags kept");
    }
  }

  @Test
  @DisplayName("given a CodeBuild action whose build was started (action InProgress, build id saved), when the node "
      + "is killed with SIGKILL before its next look at the build and a new node starts on the same data, then the new "
      + "node resumes from the saved build id: StartBuild was called once, CodeBuild has one build, the execution Succeeded")
  void givenAStartedBuild_whenTheNodeIsKilled_thenTheNextNodeResumesTheSameBuild(TestInfo test) throws Exception {
    moto = MotoServer.start();
    codeBuild = CodeBuildProxy.start(moto.endpoint());
    logs = logDirectory(test);
    String name = NodePipelines.uniqueName("crash-build");
    String project = name + "-project";
    NodePipelines.putSource(dataDir, name);
    try (CodeBuildClient builds = codeBuildClient(codeBuild.endpoint())) {
      createProject(builds, project);

      FlowlineNode first = start("first");
      String executionId;
      String buildId;
      try (CodePipelineClient api = first.codePipeline()) {
        api.createPipeline(b -> b.pipeline(NodePipelines.codeBuild(name, project)));
        StageState build = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(25))
            .until(() -> stage(api, name, "Build"), s -> s.filter(CrashRecoveryTest::buildStarted).isPresent())
            .orElseThrow();
        executionId = build.latestExecution().pipelineExecutionId();
        buildId = build.actionStates().get(0).latestExecution().externalExecutionId();
      }
      assertThat(codeBuild.count("StartBuild")).as("StartBuild calls before the crash").isEqualTo(1);
      assertThat(codeBuild.count("BatchGetBuilds")).as("looks at the build before the crash").isZero();

      Instant killed = Instant.now();
      first.kill();
      assertThat(first.isAlive()).isFalse();

      FlowlineNode second = start("second");
      Instant up = Instant.now();
      try (CodePipelineClient api = second.codePipeline()) {
        PipelineExecutionStatus status = awaitEnd(api, name, executionId);
        Instant ended = Instant.now();

        assertThat(status).isEqualTo(PipelineExecutionStatus.SUCCEEDED);
        assertThat(builds.listBuildsForProject(b -> b.projectName(project)).ids()).containsExactly(buildId);
        assertThat(codeBuild.count("StartBuild")).as("StartBuild calls in all").isEqualTo(1);
        assertThat(codeBuild.count("BatchGetBuilds")).as("looks at the build after the restart").isPositive();
        List<ActionExecutionDetail> actions = actionExecutions(api, name, executionId, "Build");
        assertThat(actions).hasSize(1);
        assertThat(actions.get(0).status()).isEqualTo(ActionExecutionStatus.SUCCEEDED);
        assertThat(actions.get(0).output().executionResult().externalExecutionId()).isEqualTo(buildId);
        report(test, first, second, killed, up, ended, "build " + buildId + ", builds of the project: 1, StartBuild "
            + "calls: 1, BatchGetBuilds calls: " + codeBuild.count("BatchGetBuilds"));
      }
    }
  }

  @Test
  @DisplayName("given a Commands action running, when the node is killed with SIGKILL mid-run and a new node starts on "
      + "the same data, then the action runs again from the start (at-least-once) and the execution Succeeded")
  void givenRunningCommands_whenTheNodeIsKilled_thenTheActionRunsAgainAndTheExecutionSucceeds(TestInfo test)
      throws Exception {
    logs = logDirectory(test);
    String name = NodePipelines.uniqueName("crash-commands");
    NodePipelines.putSource(dataDir, name);
    // a file the sandboxed command may write: the nodes grant dataDir/scratch (flowline.sandbox.writable-paths)
    Path runs = dataDir.resolve("scratch").resolve("runs-" + name + ".txt");
    // the first run records itself and hangs; a second run records itself and finishes
    String command = "echo run >> " + runs + "; if [ \"$(wc -l < " + runs + ")\" -lt 2 ]; then sleep 300; fi";

    FlowlineNode first = start("first");
    String executionId;
    try (CodePipelineClient api = first.codePipeline()) {
      api.createPipeline(b -> b.pipeline(NodePipelines.commands(name, null, Map.of("Build", List.of(command)))));
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(25))
          .until(() -> Files.exists(runs) && Files.readAllLines(runs).size() == 1);
      StageState build = stage(api, name, "Build").orElseThrow();
      assertThat(build.actionStates().get(0).latestExecution().status()).isEqualTo(ActionExecutionStatus.IN_PROGRESS);
      executionId = build.latestExecution().pipelineExecutionId();
    }

    Instant killed = Instant.now();
    first.kill();
    assertThat(first.isAlive()).isFalse();
    assertThat(Files.readAllLines(runs)).as("runs after the crash").hasSize(1);

    FlowlineNode second = start("second");
    Instant up = Instant.now();
    try (CodePipelineClient api = second.codePipeline()) {
      PipelineExecutionStatus status = awaitEnd(api, name, executionId);
      Instant ended = Instant.now();

      assertThat(status).isEqualTo(PipelineExecutionStatus.SUCCEEDED);
      assertThat(Files.readAllLines(runs)).as("the commands ran once before and once after the crash").hasSize(2);
      List<ActionExecutionDetail> actions = actionExecutions(api, name, executionId, "Build");
      assertThat(actions).as("one action execution record, carried over the crash").hasSize(1);
      assertThat(actions.get(0).status()).isEqualTo(ActionExecutionStatus.SUCCEEDED);
      report(test, first, second, killed, up, ended, "command runs: " + Files.readAllLines(runs).size());
    }
  }

  private FlowlineNode start(String nodeName) throws Exception {
    // no spring.datasource.url: the embedded default database (H2 under the data dir) is what is under test
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("flowline.data-dir", dataDir.toString());
    properties.put("flowline.demo.enabled", "false");
    properties.put("flowline.sandbox.writable-paths", dataDir.resolve("scratch").toString());
    properties.put("flowline.worker.lock-duration", LOCK_DURATION);
    properties.put("camunda.bpm.job-execution.lock-time-in-millis", String.valueOf(JOB_LOCK.toMillis()));
    if (codeBuild != null) {
      properties.put("flowline.codebuild.endpoint", codeBuild.endpoint().toString());
      properties.put("flowline.codebuild.recheck-after", RECHECK_AFTER.toSeconds() + "s");
    }
    FlowlineNode node = FlowlineNode.start(nodeName, logs, properties);
    nodes.add(node);
    return node;
  }

  private static boolean buildStarted(StageState stage) {
    if (stage.actionStates().isEmpty() || stage.actionStates().get(0).latestExecution() == null) {
      return false;
    }
    ActionExecution latest = stage.actionStates().get(0).latestExecution();
    return latest.status() == ActionExecutionStatus.IN_PROGRESS && latest.externalExecutionId() != null;
  }

  static Optional<StageState> stage(CodePipelineClient api, String pipeline, String stage) {
    return api.getPipelineState(b -> b.name(pipeline)).stageStates().stream()
        .filter(s -> s.stageName().equals(stage)).findFirst();
  }

  private static PipelineExecutionStatus awaitEnd(CodePipelineClient api, String pipeline, String executionId) {
    return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
        .until(() -> api.getPipelineExecution(b -> b.pipelineName(pipeline).pipelineExecutionId(executionId))
            .pipelineExecution().status(), s -> s != PipelineExecutionStatus.IN_PROGRESS);
  }

  private static List<ActionExecutionDetail> actionExecutions(CodePipelineClient api, String pipeline,
      String executionId, String stage) {
    return api.listActionExecutions(b -> b.pipelineName(pipeline).filter(f -> f.pipelineExecutionId(executionId)))
        .actionExecutionDetails().stream().filter(a -> a.stageName().equals(stage)).toList();
  }

  private static void createProject(CodeBuildClient builds, String project) {
    builds.createProject(b -> b.name(project)
        .source(s -> s.type(SourceType.S3).location("flowline-sources/app.zip"))
        .artifacts(a -> a.type(ArtifactsType.NO_ARTIFACTS))
        .environment(e -> e.type(EnvironmentType.LINUX_CONTAINER).image("aws/codebuild/standard:7.0")
            .computeType(ComputeType.BUILD_GENERAL1_SMALL))
        .serviceRole("arn:aws:iam::123456789012:role/codebuild"));
  }

  private static CodeBuildClient codeBuildClient(URI endpoint) {
    return CodeBuildClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  static Path logDirectory(TestInfo test) {
    return Path.of("target", "cluster-logs", test.getTestClass().orElseThrow().getSimpleName(),
        test.getTestMethod().orElseThrow().getName());
  }

  /** The figures of a run, for docs/operations.md: how long each step took. */
  private static void report(TestInfo test, FlowlineNode first, FlowlineNode second, Instant killed, Instant up,
      Instant ended, String detail) {
    System.out.printf("[%s] first node started in %d ms; killed (pid %d); second node (pid %d) answered after %d ms "
            + "(startup %d ms); execution ended %d ms after the kill (%d ms after the second node answered); %s%n",
        test.getTestMethod().orElseThrow().getName(), first.startup().toMillis(), first.pid(), second.pid(),
        Duration.between(killed, up).toMillis(), second.startup().toMillis(), Duration.between(killed, ended).toMillis(),
        Duration.between(up, ended).toMillis(), detail);
  }
}

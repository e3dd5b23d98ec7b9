package dev.flowline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.FlowlineTest;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecution;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.FailureConditions;
import dev.flowline.pipeline.RetryConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** RetryStageExecution, RollbackStage and the onFailure results RETRY and ROLLBACK (reference §5.7, §5.8). */
@FlowlineTest
class StageRecoveryTest {
  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;

  private static Path scratch(String name) throws Exception {
    Path dir = PipelineFixtures.DATA_DIR.toAbsolutePath().resolve("scratch").resolve(name);
    Files.createDirectories(dir);
    return dir;
  }

  /** Appends a line to runs-<action> on every run, so a test can count how often an action really ran. */
  private static String counted(Path dir, String action) {
    return "echo ran >> '" + dir.resolve("runs-" + action) + "'";
  }

  private static long runs(Path dir, String action) throws Exception {
    Path file = dir.resolve("runs-" + action);
    return Files.exists(file) ? Files.readAllLines(file).size() : 0;
  }

  private static String failsUntil(Path marker) {
    return "sleep 0.3 && test -f '" + marker + "'";
  }

  private String failingPipeline(String name, Path dir, FailureConditions onFailure) throws Exception {
    pipelines.create(TestPipelines.named(name).stage("Build", onFailure,
        "Compile=" + counted(dir, "Compile"), "Test=" + counted(dir, "Test") + " && " + failsUntil(dir.resolve("fixed")))
        .document());
    return new ExecutionProbe(queries, name).executions().get(0).pipelineExecutionId();
  }

  private long attempts(String name, String executionId, String action) {
    return queries.actionExecutions(name, executionId, 0, 100).stream().filter(a -> a.actionName().equals(action)).count();
  }

  @Test
  @DisplayName("Retry FAILED_ACTIONS: the failed action runs again in the same execution, the succeeded one does not")
  void retryFailedActions() throws Exception {
    String name = PipelineFixtures.uniqueName("retry-failed");
    Path dir = scratch(name);
    String id = failingPipeline(name, dir, null);
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    probe.awaitStatus(id, "Failed");
    assertThat(runs(dir, "Compile")).isEqualTo(1);

    Files.writeString(dir.resolve("fixed"), "yes");
    assertThat(executions.retryStage(name, "Build", id, "FAILED_ACTIONS")).isEqualTo(id);
    probe.awaitStatus(id, "Succeeded");
    assertThat(runs(dir, "Compile")).isEqualTo(1);
    assertThat(runs(dir, "Test")).isEqualTo(2);
    assertThat(attempts(name, id, "Test")).isEqualTo(2);
    assertThat(queries.actionExecutions(name, id, 0, 100)).filteredOn(a -> a.actionName().equals("Test"))
        .extracting(ActionExecutionDetail::status).containsExactly("Succeeded", "Failed");
    // as AWS lists it: the action the retry did not run again appears once
    assertThat(queries.actionExecutions(name, id, 0, 100)).filteredOn(a -> a.actionName().equals("Compile"))
        .extracting(ActionExecutionDetail::status).containsExactly("Succeeded");
  }

  @Test
  @DisplayName("Retry ALL_ACTIONS: every action of the stage runs again")
  void retryAllActions() throws Exception {
    String name = PipelineFixtures.uniqueName("retry-all");
    Path dir = scratch(name);
    String id = failingPipeline(name, dir, null);
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    probe.awaitStatus(id, "Failed");
    Files.writeString(dir.resolve("fixed"), "yes");
    executions.retryStage(name, "Build", id, "ALL_ACTIONS");
    probe.awaitStatus(id, "Succeeded");
    assertThat(runs(dir, "Compile")).isEqualTo(2);
    assertThat(runs(dir, "Test")).isEqualTo(2);
  }

  @Test
  @DisplayName("Retry is refused for a succeeded stage and for an execution that is not the latest in the stage")
  void retryRefusals() throws Exception {
    String name = PipelineFixtures.uniqueName("retry-refused");
    Path dir = scratch(name);
    String first = failingPipeline(name, dir, null);
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    probe.awaitStatus(first, "Failed");
    String second = executions.start(name, StartRequest.manual("test"));
    probe.awaitStatus(second, "Failed");

    assertThatThrownBy(() -> executions.retryStage(name, "Build", first, "FAILED_ACTIONS"))
        .isInstanceOfSatisfying(CodePipelineException.class,
            e -> assertThat(e.errorType()).isEqualTo("NotLatestPipelineExecutionException"));
    assertThatThrownBy(() -> executions.retryStage(name, "Source", second, "FAILED_ACTIONS"))
        .isInstanceOfSatisfying(CodePipelineException.class,
            e -> assertThat(e.errorType()).isEqualTo("StageNotRetryableException"));
    assertThatThrownBy(() -> executions.retryStage(name, "Nope", second, "FAILED_ACTIONS"))
        .isInstanceOfSatisfying(CodePipelineException.class,
            e -> assertThat(e.errorType()).isEqualTo("StageNotFoundException"));
    assertThat(probe.status(first)).isEqualTo("Failed");
  }

  @Test
  @DisplayName("onFailure RETRY: a failed stage is retried once automatically")
  void automaticRetry() throws Exception {
    String name = PipelineFixtures.uniqueName("auto-retry");
    Path dir = scratch(name);
    Path marker = dir.resolve("second-attempt");
    pipelines.create(TestPipelines.named(name).stage("Build",
        new FailureConditions("RETRY", new RetryConfiguration("FAILED_ACTIONS"), null),
        "Flaky=if [ -f '" + marker + "' ]; then true; else touch '" + marker + "'; false; fi").document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String id = probe.executions().get(0).pipelineExecutionId();
    probe.awaitStatus(id, "Succeeded");
    assertThat(attempts(name, id, "Flaky")).isEqualTo(2);
  }

  @Test
  @DisplayName("RollbackStage: a new ROLLBACK execution re-runs the stage with the target's source revision")
  void manualRollback() throws Exception {
    String name = PipelineFixtures.uniqueName("rollback");
    Path dir = scratch(name);
    pipelines.create(TestPipelines.named(name).stage("Deploy",
        "Ship=cp README.txt '" + dir + "/deployed-'#{codepipeline.PipelineExecutionId}").document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String v1 = probe.executions().get(0).pipelineExecutionId();
    probe.awaitStatus(v1, "Succeeded");
    TestPipelines.newSourceRevision(name, "version two");
    String v2 = executions.start(name, StartRequest.manual("test"));
    probe.awaitStatus(v2, "Succeeded");
    assertThat(Files.readString(dir.resolve("deployed-" + v2))).isEqualTo("version two");

    String rollback = executions.rollbackStage(name, "Deploy", v1);
    probe.awaitStatus(rollback, "Succeeded");
    PipelineExecution execution = queries.execution(name, rollback).orElseThrow();
    assertThat(execution.executionType()).isEqualTo("ROLLBACK");
    assertThat(execution.rollbackMetadata().rollbackTargetPipelineExecutionId()).isEqualTo(v1);
    assertThat(execution.trigger().triggerType()).isEqualTo("ManualRollback");
    assertThat(Files.readString(dir.resolve("deployed-" + rollback))).isEqualTo("source of " + name);
    assertThat(queries.actionExecutions(name, rollback, 0, 10)).extracting(ActionExecutionDetail::stageName)
        .containsOnly("Deploy");

    assertThatThrownBy(() -> executions.rollbackStage(name, "Source", v1))
        .isInstanceOfSatisfying(CodePipelineException.class,
            e -> assertThat(e.errorType()).isEqualTo("UnableToRollbackStageException"));
    assertThatThrownBy(() -> executions.rollbackStage(name, "Deploy", rollback))
        .isInstanceOfSatisfying(CodePipelineException.class,
            e -> assertThat(e.errorType()).isEqualTo("UnableToRollbackStageException"));
  }

  @Test
  @DisplayName("onFailure ROLLBACK: a failed stage rolls back to the last execution that succeeded in it")
  void automaticRollback() throws Exception {
    String name = PipelineFixtures.uniqueName("auto-rollback");
    Path dir = scratch(name);
    pipelines.create(TestPipelines.named(name).stage("Deploy", new FailureConditions("ROLLBACK", null, null),
        "Ship=grep -vq broken README.txt && cp README.txt '" + dir + "/live'").document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String good = probe.executions().get(0).pipelineExecutionId();
    probe.awaitStatus(good, "Succeeded");
    TestPipelines.newSourceRevision(name, "broken build");
    String bad = executions.start(name, StartRequest.manual("test"));
    probe.awaitStatus(bad, "Failed");

    org.awaitility.Awaitility.await().atMost(ExecutionProbe.PATIENCE).until(() -> probe.executions().stream()
        .anyMatch(e -> "ROLLBACK".equals(e.executionType()) && "Succeeded".equals(e.status())));
    var rollback = probe.executions().stream().filter(e -> "ROLLBACK".equals(e.executionType())).findFirst().orElseThrow();
    assertThat(rollback.trigger().triggerType()).isEqualTo("AutomatedRollback");
    assertThat(rollback.rollbackMetadata().rollbackTargetPipelineExecutionId()).isEqualTo(good);
    assertThat(Files.readString(dir.resolve("live"))).isEqualTo("source of " + name);
  }
}

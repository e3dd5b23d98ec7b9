package dev.flowline.engine;

import static dev.flowline.engine.TestPipelines.gated;
import static dev.flowline.engine.TestPipelines.release;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.FlowlineTest;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.pipeline.CodePipelineException;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** StopPipelineExecution (reference §5.5). */
@FlowlineTest
class StopExecutionTest {
  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;

  @Test
  @DisplayName("Stop and abandon: running actions end Abandoned, the execution Stopped, the stage unlocks")
  void stopAndAbandon() throws Exception {
    String name = PipelineFixtures.uniqueName("abandon");
    java.nio.file.Path marker = PipelineFixtures.DATA_DIR.toAbsolutePath().resolve("scratch").resolve(name);
    java.nio.file.Files.createDirectories(marker.getParent());
    pipelines.create(TestPipelines.named(name).mode("QUEUED")
        .stage("Build", "Hold=" + gated(name) + " && echo #{codepipeline.PipelineExecutionId} >> '" + marker + "'")
        .document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String a = probe.executions().get(0).pipelineExecutionId();
    probe.awaitStage("Build", a, "InProgress");
    String b = executions.start(name, StartRequest.manual("test"));
    probe.awaitInbound("Build", List.of(b));

    executions.stop(name, a, true, "no longer needed");
    assertThat(probe.status(a)).isEqualTo("Stopped");
    assertThat(queries.actionExecutions(name, a, 0, 10)).filteredOn(x -> x.actionName().equals("Hold"))
        .extracting(x -> x.status()).containsExactly("Abandoned");
    assertThat(probe.executions().stream().filter(e -> e.pipelineExecutionId().equals(a)).findFirst().orElseThrow()
        .stopTrigger().reason()).isEqualTo("no longer needed");
    probe.awaitStage("Build", b, "InProgress");
    Thread.sleep(8000); // longer than a heartbeat (a third of the 20 s test lock): the worker notices the job is gone
    release(name);
    probe.awaitStatus(b, "Succeeded");
    assertThat(java.nio.file.Files.readAllLines(marker)).as("the abandoned action's process was stopped")
        .containsExactly(b);
    assertThatThrownBy(() -> executions.stop(name, a, false, null))
        .isInstanceOfSatisfying(CodePipelineException.class,
            e -> assertThat(e.errorType()).isEqualTo("PipelineExecutionNotStoppableException"));
  }

  @Test
  @DisplayName("Stop and wait: the running action completes, nothing after it starts, then Stopped")
  void stopAndWait() throws Exception {
    String name = PipelineFixtures.uniqueName("wait");
    pipelines.create(TestPipelines.named(name).stage("Build", "Hold=" + gated(name))
        .stage("Deploy", "Never=echo should not run").document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String a = probe.executions().get(0).pipelineExecutionId();
    org.awaitility.Awaitility.await().atMost(ExecutionProbe.PATIENCE).until(() -> queries.actionExecutions(name, a, 0, 10)
        .stream().anyMatch(x -> x.actionName().equals("Hold") && x.input() != null
            && x.input().resolvedConfiguration() != null));

    executions.stop(name, a, false, "wait for it");
    assertThat(probe.status(a)).isEqualTo("Stopping");
    assertThatThrownBy(() -> executions.stop(name, a, false, null))
        .isInstanceOfSatisfying(CodePipelineException.class,
            e -> assertThat(e.errorType()).isEqualTo("DuplicatedStopRequestException"));
    release(name);
    probe.awaitStatus(a, "Stopped");
    assertThat(queries.actionExecutions(name, a, 0, 10)).filteredOn(x -> x.actionName().equals("Hold"))
        .extracting(x -> x.status()).containsExactly("Succeeded");
    assertThat(queries.actionExecutions(name, a, 0, 10)).noneMatch(x -> x.actionName().equals("Never")
        && x.status().equals("Succeeded"));
  }
}

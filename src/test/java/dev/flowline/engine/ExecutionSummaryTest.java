package dev.flowline.engine;

import static dev.flowline.engine.TestPipelines.gated;
import static dev.flowline.engine.TestPipelines.release;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.FlowlineTest;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecutionSummary;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * ListPipelineExecutions' lastUpdateTime. The engine does not rewrite the execution's row on every stage
 * and action step; the read model derives the time from the step records while the execution runs.
 */
@FlowlineTest
class ExecutionSummaryTest {
  @Autowired PipelineService pipelines;
  @Autowired ExecutionQueries queries;

  @Test
  @DisplayName("given a running execution, its lastUpdateTime is that of its latest stage or action change")
  void lastUpdateTimeFollowsTheSteps() throws Exception {
    String name = PipelineFixtures.uniqueName("updated");
    pipelines.create(TestPipelines.named(name).stage("Prepare", "Prep=sleep 0.05")
        .stage("Build", "Hold=" + gated(name)).document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String id = probe.executions().get(0).pipelineExecutionId();
    probe.awaitStage("Build", id, "InProgress");
    ActionExecutionDetail hold = action(name, id, "Hold");

    PipelineExecutionSummary running = summary(probe, id);
    assertThat(hold.startTime()).as("the Build action started after the execution did").isAfter(running.startTime());
    assertThat(running.lastUpdateTime()).as("lastUpdateTime of the running execution")
        .isAfterOrEqualTo(hold.startTime());

    release(name);
    probe.awaitStatus(id, "Succeeded");
    PipelineExecutionSummary done = summary(probe, id);
    Instant lastStep = queries.actionExecutions(name, id, 0, 10).stream().map(ActionExecutionDetail::lastUpdateTime)
        .max(Instant::compareTo).orElseThrow();
    assertThat(done.lastUpdateTime()).isAfterOrEqualTo(lastStep).isAfterOrEqualTo(running.lastUpdateTime());
  }

  /** Waits for the action's record: it is written when the action's job runs, after its stage started. */
  private ActionExecutionDetail action(String pipeline, String executionId, String actionName) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      List<ActionExecutionDetail> actions = queries.actionExecutions(pipeline, executionId, 0, 10);
      var found = actions.stream().filter(a -> a.actionName().equals(actionName)).findFirst();
      if (found.isPresent() || System.currentTimeMillis() > deadline) {
        return found.orElseThrow(() -> new AssertionError("no record of action " + actionName));
      }
      Thread.sleep(20);
    }
  }

  private static PipelineExecutionSummary summary(ExecutionProbe probe, String executionId) {
    return probe.executions().stream().filter(e -> e.pipelineExecutionId().equals(executionId)).findFirst()
        .orElseThrow();
  }
}

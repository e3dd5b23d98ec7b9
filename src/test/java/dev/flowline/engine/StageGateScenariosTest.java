package dev.flowline.engine;

import static dev.flowline.engine.TestPipelines.gated;
import static dev.flowline.engine.TestPipelines.release;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.FlowlineTest;
import dev.flowline.execution.ExecutionQueries;
import java.util.List;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** CodePipeline's execution-mode rules (reference §5.3), each a scenario on the real engine. */
@FlowlineTest
class StageGateScenariosTest {
  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @Autowired RuntimeService runtime;
  @Autowired org.camunda.bpm.engine.HistoryService history;

  /** A pipeline whose Build stage is held by {@code holder} (until {@code key} is released) and one waiter. */
  private record HeldBuild(String name, String key, ExecutionProbe probe, String holder, String waiter) {}

  private HeldBuild heldBuildWithOneWaiting(String prefix, String mode) throws Exception {
    String name = PipelineFixtures.uniqueName(prefix);
    String key = name + "-build";
    pipelines.create(TestPipelines.named(name).mode(mode).stage("Build", "Hold=" + gated(key)).document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String a = first(name);
    probe.awaitStage("Build", a, "InProgress");
    String b = executions.start(name, StartRequest.manual("test"));
    probe.awaitInbound("Build", List.of(b));
    return new HeldBuild(name, key, probe, a, b);
  }

  /** A QUEUED pipeline whose Build stage is held (until {@code key} is released) with two executions in line. */
  private record QueuedLine(String key, ExecutionProbe probe, String holder, String first, String second) {}

  private QueuedLine queuedLineOfTwo(String prefix) throws Exception {
    HeldBuild held = heldBuildWithOneWaiting(prefix, "QUEUED");
    String c = executions.start(held.name(), StartRequest.manual("test"));
    held.probe().awaitInbound("Build", List.of(held.waiter(), c));
    return new QueuedLine(held.key(), held.probe(), held.holder(), held.waiter(), c);
  }

  private String first(String pipeline) {
    return new ExecutionProbe(queries, pipeline).executions().get(0).pipelineExecutionId();
  }

  @Test
  @DisplayName("SUPERSEDED: a newer execution supersedes the one waiting in front of a locked stage")
  void newerExecutionSupersedesTheWaitingOne() throws Exception {
    HeldBuild held = heldBuildWithOneWaiting("superseded", "SUPERSEDED");
    String name = held.name();
    ExecutionProbe probe = held.probe();
    String a = held.holder();
    String b = held.waiter();
    String c = executions.start(name, StartRequest.manual("test"));

    probe.awaitStatus(b, "Superseded");
    probe.awaitInbound("Build", List.of(c));
    assertThat(queries.execution(name, b).orElseThrow().statusSummary()).contains("Superseded by execution " + c);

    release(held.key());
    probe.awaitStatus(a, "Succeeded");
    probe.awaitStatus(c, "Succeeded");
    assertThat(probe.status(b)).isEqualTo("Superseded");
  }

  @Test
  @DisplayName("QUEUED: waiting executions enter the stage first in, first out")
  void queuedExecutionsEnterInArrivalOrder() throws Exception {
    QueuedLine line = queuedLineOfTwo("queued");

    release(line.key());
    line.probe().awaitStatus(line.holder(), "Succeeded");
    line.probe().awaitStatus(line.first(), "Succeeded");
    line.probe().awaitStatus(line.second(), "Succeeded");
  }

  @Test
  @DisplayName("QUEUED: a waiter moved away from the gate in Cockpit is passed over")
  void waiterMovedAwayInCockpitIsPassedOver() throws Exception {
    QueuedLine line = queuedLineOfTwo("queued-gone");
    // Cockpit's modification moves the first waiter's token from the wait event to the end: its place in line
    // stays behind
    String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(line.first()).singleResult()
        .getId();
    runtime.createProcessInstanceModification(instance).cancelAllForActivity("Wait_Build")
        .startBeforeActivity("End").execute();

    release(line.key());
    line.probe().awaitStatus(line.holder(), "Succeeded");
    line.probe().awaitStatus(line.second(), "Succeeded");
    assertThat(line.probe().inbound("Build")).isEmpty();
  }

  @Test
  @DisplayName("PARALLEL: executions do not wait for each other")
  void parallelExecutionsOverlap() throws Exception {
    String name = PipelineFixtures.uniqueName("parallel");
    String key = name + "-build";
    pipelines.create(TestPipelines.named(name).mode("PARALLEL").stage("Build", "Hold=" + gated(key)).document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String a = first(name);
    String b = executions.start(name, StartRequest.manual("test"));
    for (String execution : List.of(a, b)) {
      org.awaitility.Awaitility.await().atMost(ExecutionProbe.PATIENCE).alias(execution + " runs in Build")
          .until(() -> queries.actionExecutions(name, execution, 0, 10).stream()
              .anyMatch(x -> x.stageName().equals("Build") && x.status().equals("InProgress")));
    }
    assertThat(probe.inbound("Build")).isEmpty();
    release(key);
    probe.awaitStatus(a, "Succeeded");
    probe.awaitStatus(b, "Succeeded");
  }

  @Test
  @DisplayName("A failure releases the stage lock: the waiting execution enters")
  void failureReleasesTheLock() throws Exception {
    String name = PipelineFixtures.uniqueName("failure");
    String key = name + "-build";
    pipelines.create(TestPipelines.named(name).mode("QUEUED")
        .stage("Build", "Hold=" + gated(key) + " && test \"$(cat README.txt)\" = never").document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String a = first(name);
    probe.awaitStage("Build", a, "InProgress");
    String b = executions.start(name, StartRequest.manual("test"));
    probe.awaitInbound("Build", List.of(b));
    release(key);
    probe.awaitStatus(a, "Failed");
    probe.awaitStatus(b, "Failed");
    var failed = queries.actionExecutions(name, a, 0, 10).stream().filter(x -> x.actionName().equals("Hold"))
        .findFirst().orElseThrow();
    assertThat(failed.output().executionResult().errorDetails().code()).isEqualTo("JobFailed");
    assertThat(failed.output().executionResult().errorDetails().message()).contains("exit code 1");
  }

  @Test
  @DisplayName("An approval keeps its stage locked until it is answered")
  void approvalKeepsTheStageLocked() throws Exception {
    String name = PipelineFixtures.uniqueName("approval");
    pipelines.create(TestPipelines.named(name).stage("Approve", List.of(TestPipelines.approval("Sign"))).document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String a = first(name);
    probe.awaitStage("Approve", a, "InProgress");
    String b = executions.start(name, StartRequest.manual("test"));
    probe.awaitInbound("Approve", List.of(b));

    String token = org.awaitility.Awaitility.await().atMost(ExecutionProbe.PATIENCE).until(() -> probe.stageState("Approve")
        .orElseThrow().actionStates().get(0).latestExecution().token(), t -> t != null);
    executions.putApprovalResult(name, "Approve", "Sign", token, "Rejected", "not today", "tester");
    probe.awaitStatus(a, "Failed");
    probe.awaitStage("Approve", b, "InProgress");
    // the rejection took the path the diagram draws: the approval's error boundary, its end, the stage's failure
    String instance = history.createHistoricProcessInstanceQuery().processInstanceBusinessKey(a).singleResult().getId();
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(instance).list())
        .extracting(org.camunda.bpm.engine.history.HistoricActivityInstance::getActivityId)
        .contains("Rejection_Approve_Sign", "Rejected_Approve_Sign", "Failed_Approve")
        .doesNotContain("Timeout_Approve_Sign", "Stage_Approve_End", "End");
  }

  @Test
  @DisplayName("A disabled transition holds executions at the gate; enabling lets the latest in")
  void disabledTransitionHoldsAndEnablingLetsTheLatestIn() throws Exception {
    String name = PipelineFixtures.uniqueName("transition");
    pipelines.create(TestPipelines.named(name).stage("Build", "Echo=echo built").document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String a = first(name);
    probe.awaitStatus(a, "Succeeded");
    executions.disableTransition(name, "Build", "Inbound", "Holding for release", "tester");
    String b = executions.start(name, StartRequest.manual("test"));
    probe.awaitInbound("Build", List.of(b));
    String c = executions.start(name, StartRequest.manual("test"));
    probe.awaitStatus(b, "Superseded");
    probe.awaitInbound("Build", List.of(c));
    var transition = probe.stageState("Build").orElseThrow().inboundTransitionState();
    assertThat(transition.enabled()).isFalse();
    assertThat(transition.disabledReason()).isEqualTo("Holding for release");
    assertThat(transition.lastChangedBy()).isEqualTo("tester");

    executions.enableTransition(name, "Build", "Inbound", "tester");
    probe.awaitStatus(c, "Succeeded");
    assertThat(probe.stageState("Build").orElseThrow().inboundTransitionState().enabled()).isTrue();
  }
}

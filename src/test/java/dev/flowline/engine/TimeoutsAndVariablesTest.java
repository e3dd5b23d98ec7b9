package dev.flowline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.FlowlineTest;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.CodePipelineException;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Approval timeouts on the engine's controllable clock, and variable resolution (reference §5.13, §5.14). */
@FlowlineTest
class TimeoutsAndVariablesTest {
  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;

  @Test
  @DisplayName("Given an approval with timeoutInMinutes 5, when 6 minutes pass unanswered, then it fails as timed out")
  void approvalTimesOut() throws Exception {
    String name = PipelineFixtures.uniqueName("timeout");
    ActionDeclaration approval = TestPipelines.approval("Sign");
    approval = new ActionDeclaration(approval.name(), approval.actionTypeId(), null, approval.configuration(), null,
        null, null, null, null, null, null, 5, null);
    pipelines.create(TestPipelines.named(name).stage("Approve", List.of(approval)).document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String id = probe.executions().get(0).pipelineExecutionId();
    org.awaitility.Awaitility.await().atMost(ExecutionProbe.PATIENCE).until(() -> probe.stageState("Approve")
        .orElseThrow().actionStates().get(0).latestExecution(), a -> a != null && a.token() != null);
    try {
      ClockUtil.setCurrentTime(new Date(System.currentTimeMillis() + Duration.ofMinutes(6).toMillis()));
      probe.awaitStatus(id, "Failed");
    } finally {
      ClockUtil.reset();
    }
    var sign = probe.stageState("Approve").orElseThrow().actionStates().get(0).latestExecution();
    assertThat(sign.status()).isEqualTo("Failed");
    assertThat(sign.errorDetails().message()).contains("expired");
  }

  @Test
  @DisplayName("Variables: defaults, start overrides, #{codepipeline.PipelineExecutionId} and namespaced outputs resolve")
  void variablesResolve() throws Exception {
    String name = PipelineFixtures.uniqueName("variables");
    ActionDeclaration produce = new ActionDeclaration("Produce", TestPipelines.COMMANDS, null, null,
        List.of("export VERSION=1.2.#{variables.Patch}"), null, List.of(new dev.flowline.pipeline.InputArtifact("Src")),
        List.of("VERSION"), null, null, "BuildVars", null, null);
    ActionDeclaration consume = new ActionDeclaration("Consume", TestPipelines.COMMANDS, null, null,
        List.of("echo #{BuildVars.VERSION} #{codepipeline.PipelineExecutionId} #{variables.Target}",
            "test '#{BuildVars.VERSION}' = '1.2.7'"), null, List.of(new dev.flowline.pipeline.InputArtifact("Src")),
        null, null, null, null, null,
        List.of(new dev.flowline.pipeline.EnvironmentVariable("TARGET", "#{variables.Target}", "PLAINTEXT")));
    pipelines.create(TestPipelines.named(name).variable("Patch", "0").variable("Target", "dev")
        .stage("Build", List.of(produce)).stage("Use", List.of(consume)).document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    probe.awaitStatus(probe.executions().get(0).pipelineExecutionId(), "Failed");

    String id = executions.start(name, new StartRequest(Map.of("Patch", "7"), null, List.of(),
        "StartPipelineExecution", "test"));
    probe.awaitStatus(id, "Succeeded");
    assertThat(queries.execution(name, id).orElseThrow().variables())
        .extracting(v -> v.name() + "=" + v.resolvedValue()).containsExactly("Patch=7", "Target=dev");
    ActionExecutionDetail produced = queries.actionExecutions(name, id, 0, 10).stream()
        .filter(a -> a.actionName().equals("Produce")).findFirst().orElseThrow();
    assertThat(produced.output().outputVariables()).containsEntry("VERSION", "1.2.7");

    assertThatThrownBy(() -> executions.start(name, new StartRequest(Map.of("Undeclared", "x"), null, List.of(),
        "StartPipelineExecution", "test")))
        .isInstanceOfSatisfying(CodePipelineException.class, e -> {
          assertThat(e.errorType()).isEqualTo("ValidationException");
          assertThat(e.getMessage()).contains("Undeclared");
        });
  }

  @Test
  @DisplayName("An unresolved variable reference fails the action with a message naming it")
  void unresolvedReferenceFailsTheAction() throws Exception {
    String name = PipelineFixtures.uniqueName("unresolved");
    pipelines.create(TestPipelines.named(name).stage("Build", "Echo=echo #{Nowhere.Thing}").document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String id = probe.executions().get(0).pipelineExecutionId();
    probe.awaitStatus(id, "Failed");
    var echo = queries.actionExecutions(name, id, 0, 10).stream().filter(a -> a.actionName().equals("Echo"))
        .findFirst().orElseThrow();
    assertThat(echo.output().executionResult().errorDetails().code()).isEqualTo("ConfigurationError");
    assertThat(echo.output().executionResult().errorDetails().message()).contains("#{Nowhere.Thing}");
  }
}

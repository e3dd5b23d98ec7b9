package dev.flowline.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.FlowlineTest;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.BeforeEntryConditions;
import dev.flowline.pipeline.Condition;
import dev.flowline.pipeline.InputArtifact;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.RuleDeclaration;
import dev.flowline.pipeline.RuleTypeId;
import dev.flowline.pipeline.StageDeclaration;
import dev.flowline.pipeline.SuccessConditions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** beforeEntry and onSuccess conditions with VariableCheck and DeploymentWindow rules (reference §5.9). */
@FlowlineTest
class StageConditionsScenariosTest {
  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;

  private static RuleDeclaration variableIs(String reference, String value) {
    return new RuleDeclaration("Check", new RuleTypeId("Rule", "AWS", "VariableCheck", "1"),
        Map.of("Variable", reference, "Value", value, "Operator", "EQ"), null, null, null, null, null);
  }

  /** Puts conditions on the stage called {@code stageName}. */
  private static PipelineDeclaration withConditions(PipelineDeclaration pipeline, String stageName,
      BeforeEntryConditions beforeEntry, SuccessConditions onSuccess) {
    List<StageDeclaration> stages = new ArrayList<>();
    for (StageDeclaration s : pipeline.stages()) {
      stages.add(s.name().equals(stageName) ? new StageDeclaration(s.name(), null, s.actions(), null, onSuccess,
          beforeEntry) : s);
    }
    return new PipelineDeclaration(pipeline.name(), pipeline.roleArn(), pipeline.artifactStore(), null, stages, null,
        pipeline.executionMode(), pipeline.pipelineType(), pipeline.variables(), null);
  }

  @Test
  @DisplayName("beforeEntry FAIL: an unmet entry condition fails the stage before any action runs; an override lets it in")
  void entryConditionFails() throws Exception {
    String name = PipelineFixtures.uniqueName("entry-fail");
    Path ran = PipelineFixtures.DATA_DIR.toAbsolutePath().resolve("scratch").resolve(name);
    Files.createDirectories(ran.getParent());
    var declaration = withConditions(TestPipelines.named(name).variable("Env", "dev")
            .stage("Deploy", "Ship=touch '" + ran + "'").declaration(), "Deploy",
        new BeforeEntryConditions(List.of(new Condition("FAIL", List.of(variableIs("#{variables.Env}", "prod"))))),
        null);
    pipelines.create(new dev.flowline.pipeline.PipelineDocument(declaration, null));
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String id = probe.executions().get(0).pipelineExecutionId();
    probe.awaitStatus(id, "Failed");
    assertThat(ran).doesNotExist();
    var state = probe.stageState("Deploy").orElseThrow();
    assertThat(state.latestExecution().status()).isEqualTo("Failed");
    assertThat(state.beforeEntryConditionState().latestExecution().status()).isEqualTo("Failed");
    assertThat(state.beforeEntryConditionState().latestExecution().summary()).contains("'dev'");

    executions.overrideStageCondition(name, "Deploy", id, "BEFORE_ENTRY");
    probe.awaitStatus(id, "Succeeded");
    assertThat(ran).exists();
    assertThat(probe.stageState("Deploy").orElseThrow().beforeEntryConditionState().latestExecution().status())
        .isEqualTo("Overridden");
    Files.delete(ran);

    String prod = executions.start(name, new StartRequest(Map.of("Env", "prod"), null, List.of(),
        "StartPipelineExecution", "test"));
    probe.awaitStatus(prod, "Succeeded");
    assertThat(ran).exists();
    assertThat(probe.stageState("Deploy").orElseThrow().beforeEntryConditionState().latestExecution().status())
        .isEqualTo("Succeeded");
  }

  @Test
  @DisplayName("QUEUED: a waiter whose entry condition fails when it is admitted fails alone; the line goes on")
  void queuedWaiterFailingItsEntryConditionFailsAlone() throws Exception {
    String name = PipelineFixtures.uniqueName("entry-queued");
    String key = name + "-build";
    var declaration = withConditions(TestPipelines.named(name).mode("QUEUED").variable("Env", "prod")
            .stage("Build", "Hold=" + TestPipelines.gated(key)).declaration(), "Build",
        new BeforeEntryConditions(List.of(new Condition("FAIL", List.of(variableIs("#{variables.Env}", "prod"))))),
        null);
    pipelines.create(new dev.flowline.pipeline.PipelineDocument(declaration, null));
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String holder = probe.executions().get(0).pipelineExecutionId();
    probe.awaitStage("Build", holder, "InProgress");
    String dev = executions.start(name, new StartRequest(Map.of("Env", "dev"), null, List.of(),
        "StartPipelineExecution", "test"));
    probe.awaitInbound("Build", List.of(dev));
    String prod = executions.start(name, StartRequest.manual("test"));
    probe.awaitInbound("Build", List.of(dev, prod));

    TestPipelines.release(key);
    probe.awaitStatus(holder, "Succeeded");
    probe.awaitStatus(dev, "Failed");
    probe.awaitStatus(prod, "Succeeded");
    assertThat(queries.execution(name, holder).orElseThrow().status()).as("the releasing execution").isEqualTo("Succeeded");
    assertThat(probe.inbound("Build")).isEmpty();
  }

  @Test
  @DisplayName("beforeEntry SKIP: the stage is skipped, its actions and approvals do not run, the next stage does")
  void entryConditionSkips() throws Exception {
    String name = PipelineFixtures.uniqueName("entry-skip");
    Path ran = PipelineFixtures.DATA_DIR.toAbsolutePath().resolve("scratch").resolve(name);
    Files.createDirectories(ran.getParent());
    ActionDeclaration ship = TestPipelines.commands("Ship", 1, "touch '" + ran + "'");
    var declaration = withConditions(TestPipelines.named(name)
            .stage("Canary", List.of(ship, TestPipelines.approval("Confirm")))
            .stage("Report", "Echo=echo done").declaration(), "Canary",
        new BeforeEntryConditions(List.of(new Condition("SKIP",
            List.of(new RuleDeclaration("Window", new RuleTypeId("Rule", "AWS", "DeploymentWindow", "1"),
                Map.of("Cron", "cron(* * * * ? 2099)"), null, null, null, null, null))))), null);
    pipelines.create(new dev.flowline.pipeline.PipelineDocument(declaration, null));
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String id = probe.executions().get(0).pipelineExecutionId();
    probe.awaitStatus(id, "Succeeded");
    assertThat(ran).doesNotExist();
    assertThat(probe.stageStatus("Canary", id)).contains("Skipped");
    assertThat(probe.stageStatus("Report", id)).contains("Succeeded");
    assertThat(queries.actionExecutions(name, id, 0, 10)).extracting(a -> a.actionName())
        .doesNotContain("Ship", "Confirm");
  }

  @Test
  @DisplayName("onSuccess FAIL: a stage whose actions succeeded still fails when its success condition is not met")
  void successConditionFails() throws Exception {
    String name = PipelineFixtures.uniqueName("success-fail");
    ActionDeclaration check = new ActionDeclaration("Smoke", TestPipelines.COMMANDS, null, null,
        List.of("export RESULT=degraded"), null, List.of(new InputArtifact("Src")), List.of("RESULT"), null, null,
        "SmokeVars", null, null);
    var declaration = withConditions(TestPipelines.named(name).stage("Verify", List.of(check))
            .stage("Promote", "Echo=echo promoted").declaration(), "Verify", null,
        new SuccessConditions(List.of(new Condition("FAIL", List.of(variableIs("#{SmokeVars.RESULT}", "ok"))))));
    pipelines.create(new dev.flowline.pipeline.PipelineDocument(declaration, null));
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String id = probe.executions().get(0).pipelineExecutionId();
    probe.awaitStatus(id, "Failed");
    assertThat(probe.stageStatus("Verify", id)).contains("Failed");
    assertThat(queries.actionExecutions(name, id, 0, 10)).filteredOn(a -> a.actionName().equals("Smoke"))
        .extracting(a -> a.status()).containsExactly("Succeeded");
    assertThat(probe.stageState("Verify").orElseThrow().onSuccessConditionState().latestExecution().status())
        .isEqualTo("Failed");
  }
}

package dev.flowline.actions.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.MotoAws;
import dev.flowline.artifacts.MotoServer;
import dev.flowline.pipeline.OutputArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The Step Functions action against a real {@code moto_server} that runs state machines (its
 * {@code execute_state_machine} setting). moto runs only the first execution after a reset (a second one fails
 * inside moto), so every test resets moto and starts at most one execution of its own.
 */
class StepFunctionsExecutorTest {

  static MotoServer moto;
  static AwsClients clients;
  static SfnClient sfn;

  @TempDir Path root;
  ActionFixture fixture;
  StepFunctionsExecutor executor;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    clients = MotoAws.clients(moto);
    sfn = clients.client("sfn", SfnClient::builder, "us-east-1", null);
  }

  @AfterAll
  static void stopMoto() {
    if (clients != null) {
      clients.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    moto.reset();
    moto.configure("{\"stepfunctions\": {\"execute_state_machine\": true}}");
    fixture = new ActionFixture(root);
    executor = new StepFunctionsExecutor(clients, Duration.ofMillis(10));
  }

  @Test
  @DisplayName("given a state machine and a FilePath input, when the action runs, then one execution named after the "
      + "prefix and the action execution starts with the file as input, and the action succeeds with StateMachineArn, "
      + "ExecutionArn and the execution's output")
  void startsAndWaitsForTheExecution() throws Exception {
    String machine = stateMachine("{\"StartAt\": \"Echo\", \"States\": {\"Echo\": {\"Type\": \"Pass\", "
        + "\"Parameters\": {\"greeting.$\": \"$.greeting\", \"done\": true}, \"End\": true}}}");
    InputArtifactRef source = fixture.artifact("Src", Map.of("input/event.json", "{\"greeting\": \"hello\"}"));
    ActionJob job = ActionFixture.job(StepFunctionsExecutor.TYPE.id()).configuration(Map.of("StateMachineArn", machine,
        "ExecutionNamePrefix", "release", "InputType", "FilePath", "Input", "input/event.json"))
        .inputs(source).outputs(new OutputArtifact("Out")).build();

    ActionResult result = runToEnd(job);

    assertThat(result).isInstanceOfSatisfying(ActionResult.Succeeded.class, ok -> {
      String executionArn = ok.outputVariables().get("ExecutionArn");
      assertThat(ok.outputVariables()).containsEntry("StateMachineArn", machine);
      assertThat(executionArn).endsWith(":execution:echo:release-" + job.actionExecutionId());
      try {
        assertThat(Files.readString(fixture.unzip(ok.outputArtifacts().get("Out")).resolve("output.json")))
            .contains("\"greeting\": \"hello\"").contains("\"done\": true");
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    });
    assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(1);
  }

  @Test
  @DisplayName("given an execution that fails, then the action fails with the execution's error and cause")
  void failedExecution() throws Exception {
    String machine = stateMachine("{\"StartAt\": \"Fail\", \"States\": {\"Fail\": {\"Type\": \"Fail\", "
        + "\"Error\": \"DeploymentRejected\", \"Cause\": \"canary alarms fired\"}}}");

    ActionResult result = runToEnd(ActionFixture.job(StepFunctionsExecutor.TYPE.id())
        .configuration(Map.of("StateMachineArn", machine)).build());

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("JobFailed");
      assertThat(failed.message()).endsWith(" FAILED: DeploymentRejected: canary alarms fired");
    });
  }

  @Test
  @DisplayName("given a restart mid-execution (the first call repeated, then a new executor with the token), then "
      + "Step Functions saw one StartExecution and the action still ends with that execution")
  void restartDoesNotStartASecondExecution() throws Exception {
    String machine = stateMachine("{\"StartAt\": \"Wait\", \"States\": {\"Wait\": {\"Type\": \"Wait\", "
        + "\"Seconds\": 1, \"End\": true}}}");
    ActionJob job = ActionFixture.job(StepFunctionsExecutor.TYPE.id())
        .configuration(Map.of("StateMachineArn", machine, "Input", "{\"n\": 1}")).build();

    ActionResult first = fixture.run(executor, job);
    ActionResult repeated = fixture.run(executor, job);
    ActionResult resumed;
    try (AwsClients afterRestart = MotoAws.clients(moto)) {
      resumed = runToEnd(new StepFunctionsExecutor(afterRestart, Duration.ofMillis(10)),
          job.withContinuationToken(((ActionResult.InProgress) first).continuationToken()));
    }

    assertThat(first).isInstanceOf(ActionResult.InProgress.class);
    assertThat(((ActionResult.InProgress) repeated).continuationToken())
        .isEqualTo(((ActionResult.InProgress) first).continuationToken());
    assertThat(resumed).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).hasSize(1);
  }

  @Test
  @DisplayName("given bad configuration (missing StateMachineArn, input that is not JSON, a FilePath not in the "
      + "artifact, an unknown InputType), then a ConfigurationError names it and nothing starts")
  void badConfiguration() throws Exception {
    String machine = stateMachine("{\"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true}}}");
    InputArtifactRef source = fixture.artifact("Src", Map.of("event.json", "{not json"));
    Map<Map<String, String>, String> cases = Map.of(
        Map.of("Input", "{}"), "Action configuration is missing required configuration 'StateMachineArn'",
        Map.of("StateMachineArn", machine, "Input", "{\"a\": "), "Input is not valid JSON",
        Map.of("StateMachineArn", machine, "InputType", "FilePath", "Input", "missing.json"),
        "Input: file missing.json does not exist in input artifact Src",
        Map.of("StateMachineArn", machine, "InputType", "FilePath", "Input", "event.json"), "Input is not valid JSON",
        Map.of("StateMachineArn", machine, "InputType", "S3"), "InputType 'S3' is not one of Literal, FilePath");
    for (Map.Entry<Map<String, String>, String> c : cases.entrySet()) {
      ActionResult result = fixture.run(executor, ActionFixture.job(StepFunctionsExecutor.TYPE.id())
          .configuration(new HashMap<>(c.getKey())).inputs(source).build());

      assertThat(result).as(c.getKey().toString()).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
        assertThat(failed.failureType()).isEqualTo("ConfigurationError");
        assertThat(failed.message()).startsWith(c.getValue());
      });
    }
    assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).isEmpty();
  }

  private static String stateMachine(String definition) {
    String name = definition.contains("Echo") ? "echo" : "machine";
    return sfn.createStateMachine(b -> b.name(name).definition(definition)
        .roleArn("arn:aws:iam::123456789012:role/sfn")).stateMachineArn();
  }

  private ActionResult runToEnd(ActionJob job) throws Exception {
    return runToEnd(executor, job);
  }

  private ActionResult runToEnd(StepFunctionsExecutor executor, ActionJob job) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    ActionResult result = fixture.run(executor, job);
    while (result instanceof ActionResult.InProgress waiting && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      result = fixture.run(executor, job.withContinuationToken(waiting.continuationToken()));
    }
    return result;
  }
}

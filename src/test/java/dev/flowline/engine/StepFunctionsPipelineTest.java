package dev.flowline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.AwsFlowlineTest;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ArtifactStore;
import dev.flowline.pipeline.InputArtifact;
import dev.flowline.pipeline.OutputArtifact;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineDocument;
import dev.flowline.pipeline.StageDeclaration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.sfn.SfnClient;

/** S3 source -> Step Functions on the running Flowline against moto (which runs one execution per reset). */
class StepFunctionsPipelineTest extends AwsFlowlineTest {
  static final ActionTypeId STEP_FUNCTIONS = ActionTypeId.of("Invoke", "AWS", "StepFunctions", "1");

  @Autowired PipelineService pipelines;
  @Autowired ExecutionQueries queries;
  @Autowired AwsClients aws;
  @TempDir Path app;

  @Test
  @DisplayName("given S3 source -> Step Functions with a FilePath input, when the pipeline runs, then the state machine "
      + "runs once on the file and the action's variables name the execution")
  void pipelineRunsTheStateMachine() throws Exception {
    MOTO.reset();
    MOTO.configure("{\"stepfunctions\": {\"execute_state_machine\": true}}");
    SfnClient sfn = aws.client("sfn", SfnClient::builder, "us-east-1", null);
    String machine = sfn.createStateMachine(b -> b.name("release").roleArn("arn:aws:iam::123456789012:role/sfn")
        .definition("{\"StartAt\": \"Check\", \"States\": {\"Check\": {\"Type\": \"Choice\", \"Choices\": [{"
            + "\"Variable\": \"$.version\", \"StringEquals\": \"1.2.3\", \"Next\": \"Ok\"}], \"Default\": \"No\"},"
            + " \"Ok\": {\"Type\": \"Succeed\"}, \"No\": {\"Type\": \"Fail\", \"Error\": \"WrongVersion\"}}}"))
        .stateMachineArn();
    String name = PipelineFixtures.uniqueName("sfn");
    Files.writeString(app.resolve("release.json"), "{\"version\": \"1.2.3\"}");
    PipelineFixtures.putSourceZip(app, "src-" + name, "app.zip");

    pipelines.create(new PipelineDocument(declaration(name, machine), null));

    String executionId = await().atMost(Duration.ofSeconds(30))
        .until(() -> queries.executions(name, null, 0, 10), list -> !list.isEmpty()).get(0).pipelineExecutionId();
    String status = await().atMost(Duration.ofSeconds(60))
        .until(() -> queries.execution(name, executionId).orElseThrow().status(), s -> !"InProgress".equals(s));
    List<ActionExecutionDetail> actions = queries.actionExecutions(name, executionId, 0, 100);
    assertThat(status).as("actions: %s", actions).isEqualTo("Succeeded");
    ActionExecutionDetail invoke = actions.stream().filter(a -> a.actionName().equals("Release")).findFirst()
        .orElseThrow();
    assertThat(invoke.output().outputVariables()).containsEntry("StateMachineArn", machine);
    assertThat(sfn.listExecutions(b -> b.stateMachineArn(machine)).executions()).singleElement()
        .satisfies(e -> assertThat(e.executionArn()).isEqualTo(invoke.output().outputVariables().get("ExecutionArn")));
  }

  private static PipelineDeclaration declaration(String name, String machine) {
    ActionDeclaration source = new ActionDeclaration("Source", TestPipelines.S3_SOURCE, null,
        Map.of("S3Bucket", "src-" + name, "S3ObjectKey", "app.zip"), null, List.of(new OutputArtifact("Src")),
        null, null, null, null, null, null, null);
    ActionDeclaration invoke = new ActionDeclaration("Release", STEP_FUNCTIONS, null, Map.of("StateMachineArn", machine,
        "InputType", "FilePath", "Input", "release.json", "ExecutionNamePrefix", "pipeline"), null, null,
        List.of(new InputArtifact("Src")), null, null, null, "Release", null, null);
    return new PipelineDeclaration(name, "arn:aws:iam::123456789012:role/test",
        new ArtifactStore("S3", "flowline-artifacts", null), null, List.of(
            new StageDeclaration("Source", null, List.of(source), null, null, null),
            new StageDeclaration("Invoke", null, List.of(invoke), null, null, null)),
        null, null, "V2", null, null);
  }
}

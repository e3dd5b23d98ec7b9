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
import dev.flowline.pipeline.OutputArtifact;
import dev.flowline.pipeline.InputArtifact;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineDocument;
import dev.flowline.pipeline.StageDeclaration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** S3 source -> CloudFormation -> an action that uses the stack's outputs, on the running Flowline against moto. */
class CloudFormationPipelineTest extends AwsFlowlineTest {
  static final ActionTypeId CLOUDFORMATION = ActionTypeId.of("Deploy", "AWS", "CloudFormation", "1");
  static final String TEMPLATE = """
      Parameters:
        Name: {Type: String}
      Resources:
        Queue:
          Type: AWS::SQS::Queue
          Properties: {QueueName: !Ref Name}
      Outputs:
        QueueUrl: {Value: !Ref Queue}
      """;

  @Autowired PipelineService pipelines;
  @Autowired ExecutionQueries queries;
  @Autowired AwsClients aws;
  @TempDir Path app;

  @Test
  @DisplayName("given S3 source -> CloudFormation CREATE_UPDATE -> Commands, when the pipeline runs, then the stack is "
      + "created, its outputs are the action's variables and the next action reads them")
  void stackOutputsReachTheNextAction() throws Exception {
    String name = PipelineFixtures.uniqueName("cfn");
    Map<String, ActionExecutionDetail> actions = run(name, "infra/stack.yml");

    assertThat(actions.get("Deploy").status()).isEqualTo("Succeeded");
    String queueUrl = actions.get("Deploy").output().outputVariables().get("QueueUrl");
    assertThat(queueUrl).endsWith("/" + name + "-queue");
    assertThat(actions.get("UseOutputs").output().outputVariables()).containsEntry("QUEUE", queueUrl);
    CloudFormationClient cloudFormation = aws.client("cloudformation", CloudFormationClient::builder, "us-east-1", null);
    assertThat(cloudFormation.describeStacks(b -> b.stackName(name)).stacks().get(0).stackStatusAsString())
        .isEqualTo("CREATE_COMPLETE");
  }

  @Test
  @DisplayName("given a TemplatePath that is not in the artifact, when the pipeline runs, then the action fails with a "
      + "ConfigurationError naming the key and the file, and no stack is created")
  void templateMissingFromTheArtifact() throws Exception {
    String name = PipelineFixtures.uniqueName("cfn");
    Map<String, ActionExecutionDetail> actions = run(name, "infra/missing.yml");

    ActionExecutionDetail deploy = actions.get("Deploy");
    assertThat(deploy.status()).isEqualTo("Failed");
    assertThat(deploy.output().executionResult().errorDetails().code()).isEqualTo("ConfigurationError");
    assertThat(deploy.output().executionResult().errorDetails().message())
        .isEqualTo("TemplatePath: file infra/missing.yml does not exist in input artifact Src");
    CloudFormationClient cloudFormation = aws.client("cloudformation", CloudFormationClient::builder, "us-east-1", null);
    assertThat(cloudFormation.listStacks().stackSummaries()).noneMatch(s -> s.stackName().equals(name));
  }

  private Map<String, ActionExecutionDetail> run(String name, String templatePath) throws Exception {
    Files.createDirectories(app.resolve("infra"));
    Files.writeString(app.resolve("infra/stack.yml"), TEMPLATE);
    PipelineFixtures.putSourceZip(app, "src-" + name, "infra.zip");
    pipelines.create(new PipelineDocument(declaration(name, templatePath), null));

    String executionId = await().atMost(Duration.ofSeconds(30))
        .until(() -> queries.executions(name, null, 0, 10), list -> !list.isEmpty()).get(0).pipelineExecutionId();
    await().atMost(Duration.ofSeconds(60))
        .until(() -> queries.execution(name, executionId).orElseThrow().status(), s -> !"InProgress".equals(s));
    return queries.actionExecutions(name, executionId, 0, 100).stream()
        .collect(Collectors.toMap(ActionExecutionDetail::actionName, Function.identity()));
  }

  private static PipelineDeclaration declaration(String name, String templatePath) {
    ActionDeclaration source = new ActionDeclaration("Source", TestPipelines.S3_SOURCE, null,
        Map.of("S3Bucket", "src-" + name, "S3ObjectKey", "infra.zip"), null, List.of(new OutputArtifact("Src")),
        null, null, null, null, null, null, null);
    ActionDeclaration deploy = new ActionDeclaration("Deploy", CLOUDFORMATION, 1, Map.of("ActionMode", "CREATE_UPDATE",
        "StackName", name, "TemplatePath", "Src::" + templatePath, "RoleArn", "arn:aws:iam::123456789012:role/cfn",
        "ParameterOverrides", "{\"Name\": \"" + name + "-queue\"}", "OutputFileName", "outputs.json"),
        null, List.of(new OutputArtifact("StackOutputs")), List.of(new InputArtifact("Src")), null, null, null,
        "Stack", null, null);
    ActionDeclaration use = new ActionDeclaration("UseOutputs", TestPipelines.COMMANDS, 2, null,
        List.of("export QUEUE=\"$(sed -n 's/.*\"QueueUrl\" : \"\\(.*\\)\".*/\\1/p' outputs.json)\"",
            "test \"$QUEUE\" = \"#{Stack.QueueUrl}\""),
        null, List.of(new InputArtifact("StackOutputs")), List.of("QUEUE"), null, null, null, null, null);
    return new PipelineDeclaration(name, "arn:aws:iam::123456789012:role/test",
        new ArtifactStore("S3", "flowline-artifacts", null), null, List.of(
            new StageDeclaration("Source", null, List.of(source), null, null, null),
            new StageDeclaration("Deploy", null, List.of(deploy, use), null, null, null)),
        null, null, "V2", null, null);
  }
}

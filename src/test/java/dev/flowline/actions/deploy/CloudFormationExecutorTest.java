package dev.flowline.actions.deploy;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.StackSummary;

/**
 * The CloudFormation action against a real {@code moto_server}. moto's CloudFormation finishes every operation
 * within the call and never fails a resource, so what a failed stack means is tested on the SDK's own
 * {@link Stack} and {@link StackEvent} objects; everything else goes through moto.
 */
class CloudFormationExecutorTest {

  static final String ROLE = "arn:aws:iam::123456789012:role/cloudformation";
  static final String TEMPLATE = """
      Parameters:
        QueueName: {Type: String}
        Bucket: {Type: String}
        Stage: {Type: String}
      Resources:
        Queue:
          Type: AWS::SQS::Queue
          Properties:
            QueueName: !Ref QueueName
      Outputs:
        QueueUrl:
          Value: !Ref Queue
        ArtifactBucket:
          Value: !Ref Bucket
        Stage:
          Value: !Ref Stage
      """;

  static MotoServer moto;
  static AwsClients clients;
  static CloudFormationClient cloudFormation;

  @TempDir Path root;
  ActionFixture fixture;
  CloudFormationExecutor executor;
  InputArtifactRef source;
  String stack;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    clients = MotoAws.clients(moto);
    cloudFormation = clients.client("cloudformation", CloudFormationClient::builder, "us-east-1", null);
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
    fixture = new ActionFixture(root);
    executor = new CloudFormationExecutor(clients, Duration.ofMillis(10));
    stack = "app-" + UUID.randomUUID().toString().substring(0, 8);
    source = fixture.artifact("Src", Map.of(
        "infra/template.yml", TEMPLATE,
        "infra/prod.json", "{\"Parameters\": {\"QueueName\": \"" + stack + "-q\", \"Stage\": \"config\"},"
            + " \"Tags\": {\"team\": \"platform\"}}",
        "infra/params.json", "{\"stage\": \"prod\"}",
        "broken.yml", "Resources: [unclosed",
        "bad-reference.json", "{\"Resources\": {\"T\": {\"Type\": \"AWS::SNS::Topic\", \"Properties\": "
            + "{\"DisplayName\": {\"Fn::GetAtt\": [\"Nope\", \"Arn\"]}}}}}"));
  }

  @Test
  @DisplayName("given CREATE_UPDATE and no stack, when the action runs, then it creates the stack once with the "
      + "template configuration and overrides (Fn::GetParam, Fn::GetArtifactAtt), waits, and succeeds with the "
      + "stack outputs as variables and as the OutputFileName file")
  void createUpdateCreatesTheStack() throws Exception {
    ActionJob job = job(Map.of("ActionMode", "CREATE_UPDATE", "TemplateConfiguration", "Src::infra/prod.json",
        "ParameterOverrides", "{\"Bucket\": {\"Fn::GetArtifactAtt\": [\"Src\", \"BucketName\"]},"
            + " \"Stage\": {\"Fn::GetParam\": [\"Src\", \"infra/params.json\", \"stage\"]}}",
        "OutputFileName", "outputs.json"));

    ActionResult first = fixture.run(executor, job);

    assertThat(first).isInstanceOfSatisfying(ActionResult.InProgress.class,
        waiting -> assertThat(waiting.continuationToken()).startsWith("STACK|arn:aws:cloudformation:"));
    ActionResult done = fixture.run(executor, job.withContinuationToken(token(first)));

    assertThat(done).isInstanceOfSatisfying(ActionResult.Succeeded.class, ok -> {
      assertThat(ok.outputVariables()).containsEntry("Stage", "prod")
          .containsEntry("ArtifactBucket", ActionFixture.ARTIFACT_BUCKET)
          .containsKey("QueueUrl");
      assertThat(ok.outputVariables().get("QueueUrl")).endsWith(stack + "-q");
      assertThat(ok.externalExecutionId()).startsWith("arn:aws:cloudformation:us-east-1:123456789012:stack/" + stack);
      try {
        String outputs = Files.readString(fixture.unzip(ok.outputArtifacts().get("Out")).resolve("outputs.json"));
        assertThat(outputs).contains("\"Stage\" : \"prod\"").contains("\"QueueUrl\"");
      } catch (java.io.IOException e) {
        throw new AssertionError(e);
      }
    });
    Stack created = describe();
    assertThat(created.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
    assertThat(created.tags()).anySatisfy(tag -> assertThat(tag.key() + "=" + tag.value()).isEqualTo("team=platform"));
  }

  @Test
  @DisplayName("given a first call repeated after a crash (its token never saved), then the second first call finds "
      + "the stack the first one created (moto: already complete, so its update has nothing to do) and CloudFormation "
      + "saw one CreateStack; a new executor resuming from the first token succeeds")
  void restartBeforeTheTokenWasSavedDoesNotCreateTwice() throws Exception {
    ActionJob job = job(Map.of("ActionMode", "CREATE_UPDATE",
        "ParameterOverrides", "{\"QueueName\": \"" + stack + "-q\", \"Bucket\": \"b\", \"Stage\": \"s\"}"));

    ActionResult first = fixture.run(executor, job);
    ActionResult again = fixture.run(executor, job);
    ActionResult resumed;
    try (AwsClients afterRestart = MotoAws.clients(moto)) {
      resumed = fixture.run(new CloudFormationExecutor(afterRestart, Duration.ofMillis(10)),
          job.withContinuationToken(token(first)));
    }

    assertThat(again).isInstanceOfSatisfying(ActionResult.Succeeded.class,
        ok -> assertThat(ok.summary()).isEqualTo("No updates are to be performed."));
    assertThat(resumed).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(stacksNamed(stack)).hasSize(1);
    assertThat(cloudFormation.describeStackEvents(b -> b.stackName(stack)).stackEvents())
        .filteredOn(e -> e.resourceStatus() == ResourceStatus.CREATE_IN_PROGRESS && stack.equals(e.logicalResourceId()))
        .hasSize(1);
  }

  @Test
  @DisplayName("given an existing stack and the same template, when CREATE_UPDATE runs, then \"No updates are to be "
      + "performed\" is a success with the stack's outputs")
  void noUpdatesIsSuccess() throws Exception {
    Map<String, String> configuration = Map.of("ActionMode", "CREATE_UPDATE",
        "ParameterOverrides", "{\"QueueName\": \"" + stack + "-q\", \"Bucket\": \"b\", \"Stage\": \"same\"}");
    runToEnd(job(configuration));

    ActionResult again = fixture.run(executor, job(configuration));

    assertThat(again).isInstanceOfSatisfying(ActionResult.Succeeded.class, ok -> {
      assertThat(ok.summary()).isEqualTo("No updates are to be performed.");
      assertThat(ok.outputVariables()).containsEntry("Stage", "same");
    });
  }

  @Test
  @DisplayName("given a stack, when DELETE_ONLY runs, then the stack is deleted; when it runs again, then the missing "
      + "stack is a success")
  void deleteOnly() throws Exception {
    runToEnd(job(Map.of("ActionMode", "CREATE_UPDATE",
        "ParameterOverrides", "{\"QueueName\": \"" + stack + "-q\", \"Bucket\": \"b\", \"Stage\": \"s\"}")));
    ActionJob delete = job(Map.of("ActionMode", "DELETE_ONLY"));

    ActionResult first = fixture.run(executor, delete);
    ActionResult done = fixture.run(executor, delete.withContinuationToken(token(first)));
    ActionResult again = fixture.run(executor, job(Map.of("ActionMode", "DELETE_ONLY")));

    assertThat(token(first)).startsWith("DELETE|");
    assertThat(done).isInstanceOfSatisfying(ActionResult.Succeeded.class,
        ok -> assertThat(ok.summary()).isEqualTo("Stack " + stack + " was deleted"));
    assertThat(again).isInstanceOfSatisfying(ActionResult.Succeeded.class,
        ok -> assertThat(ok.summary()).isEqualTo("Stack " + stack + " does not exist"));
    assertThat(stacksNamed(stack)).allSatisfy(s -> assertThat(s.stackStatus()).isEqualTo(StackStatus.DELETE_COMPLETE));
  }

  @Test
  @DisplayName("given CHANGE_SET_REPLACE then CHANGE_SET_EXECUTE, then the change set is created without touching the "
      + "stack, and executing it (twice after a crash) creates the stack once (moto gives such stacks no outputs)")
  void changeSetReplaceThenExecute() throws Exception {
    ActionJob replace = job(Map.of("ActionMode", "CHANGE_SET_REPLACE", "ChangeSetName", "release",
        "ParameterOverrides", "{\"QueueName\": \"" + stack + "-q\", \"Bucket\": \"b\", \"Stage\": \"cs\"}"));

    ActionResult created = runToEnd(replace);

    assertThat(created).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(describe().stackStatus()).isEqualTo(StackStatus.REVIEW_IN_PROGRESS);

    ActionJob execute = ActionFixture.job(CloudFormationExecutor.TYPE.id()).configuration(Map.of(
        "ActionMode", "CHANGE_SET_EXECUTE", "StackName", stack, "ChangeSetName", "release")).build();
    ActionResult first = fixture.run(executor, execute);
    ActionResult afterCrash = fixture.run(executor, execute);
    ActionResult done = fixture.run(executor, execute.withContinuationToken(token(afterCrash)));

    assertThat(token(first)).isEqualTo(token(afterCrash));
    assertThat(done).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(describe().stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
    assertThat(describe().parameters()).anySatisfy(p -> assertThat(p.parameterValue()).isEqualTo("cs"));
    assertThat(cloudFormation.describeStackEvents(b -> b.stackName(stack)).stackEvents())
        .filteredOn(e -> e.resourceStatus() == ResourceStatus.CREATE_COMPLETE && stack.equals(e.logicalResourceId()))
        .hasSize(1);
  }

  @Test
  @DisplayName("given CHANGE_SET_EXECUTE of a change set that does not exist, then the action fails naming it")
  void executingAMissingChangeSetFails() throws Exception {
    ActionResult result = fixture.run(executor, ActionFixture.job(CloudFormationExecutor.TYPE.id()).configuration(
        Map.of("ActionMode", "CHANGE_SET_EXECUTE", "StackName", stack, "ChangeSetName", "nope")).build());

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class,
        failed -> assertThat(failed.message()).isEqualTo("ChangeSet [nope] does not exist for stack " + stack));
  }

  @Test
  @DisplayName("given bad configuration (a missing key, a file not in the artifact, an artifact not an input, a "
      + "template that is not YAML/JSON), then the action fails with a ConfigurationError naming the key or file "
      + "and creates nothing")
  void badConfiguration() throws Exception {
    Map<String, String> cases = Map.of(
        "{\"StackName\": \"S\"}", "Action configuration is missing required configuration 'ActionMode'",
        "{\"ActionMode\": \"CREATE_UPDATE\", \"StackName\": \" \"}",
        "Action configuration is missing required configuration 'StackName'",
        "{\"ActionMode\": \"CREATE_UPDATE\", \"TemplatePath\": \"Src::infra/missing.yml\"}",
        "TemplatePath: file infra/missing.yml does not exist in input artifact Src",
        "{\"ActionMode\": \"CREATE_UPDATE\", \"TemplatePath\": \"Other::template.yml\"}",
        "TemplatePath: Other is not an input artifact of action Action",
        "{\"ActionMode\": \"CREATE_UPDATE\", \"TemplatePath\": \"Src::broken.yml\"}",
        "TemplatePath: Src::broken.yml is not valid JSON or YAML",
        "{\"ActionMode\": \"CREATE_UPDATE\", \"TemplatePath\": \"Src::../../etc/passwd\"}",
        "TemplatePath: file ../../etc/passwd does not exist in input artifact Src",
        "{\"ActionMode\": \"UPSERT\"}", "ActionMode 'UPSERT' is not one of",
        "{\"ActionMode\": \"CHANGE_SET_REPLACE\", \"TemplatePath\": \"Src::infra/template.yml\"}",
        "Action configuration is missing required configuration 'ChangeSetName'",
        "{\"ActionMode\": \"CREATE_UPDATE\", \"TemplatePath\": \"Src::infra/template.yml\", \"ParameterOverrides\": "
            + "\"{\\\"Stage\\\": {\\\"Fn::GetParam\\\": [\\\"Src\\\", \\\"infra/params.json\\\", \\\"nope\\\"]}}\"}",
        "ParameterOverrides.Stage: Fn::GetParam found no value 'nope' in Src::infra/params.json");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Map<String, String> configuration = new HashMap<>(Map.of("StackName", stack, "RoleArn", ROLE));
      configuration.putAll(new com.fasterxml.jackson.databind.ObjectMapper().readValue(c.getKey(),
          new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {}));
      ActionResult result = fixture.run(executor, ActionFixture.job(CloudFormationExecutor.TYPE.id())
          .configuration(configuration).inputs(source).build());

      assertThat(result).as(c.getKey()).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
        assertThat(failed.failureType()).isEqualTo("ConfigurationError");
        assertThat(failed.message()).startsWith(c.getValue());
      });
    }
    assertThat(stacksNamed(stack)).isEmpty();
  }

  @Test
  @DisplayName("given a template CloudFormation rejects, then the action fails with CloudFormation's reason (moto, "
      + "unlike AWS, leaves the refused stack behind in CREATE_IN_PROGRESS)")
  void templateCloudFormationRejects() throws Exception {
    ActionResult result = fixture.run(executor, job(Map.of("ActionMode", "CREATE_UPDATE",
        "TemplatePath", "Src::bad-reference.json")));

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("JobFailed");
      assertThat(failed.message()).contains("Fn::GetAtt references undefined resource Nope");
    });
  }

  @Test
  @DisplayName("given a stack that rolled back, then the failure names the first failing resource and its reason")
  void failedStackNamesTheFailingResource() {
    Stack failed = Stack.builder().stackName("app").stackId("arn:stack/app/1")
        .stackStatus(StackStatus.ROLLBACK_COMPLETE).build();
    List<StackEvent> newestFirst = List.of(
        event("app", "AWS::CloudFormation::Stack", ResourceStatus.ROLLBACK_COMPLETE, null),
        event("Queue", "AWS::SQS::Queue", ResourceStatus.DELETE_COMPLETE, null),
        event("Topic", "AWS::SNS::Topic", ResourceStatus.CREATE_FAILED, "Resource creation cancelled"),
        event("Bucket", "AWS::S3::Bucket", ResourceStatus.CREATE_FAILED, "my-bucket already exists"),
        event("Queue", "AWS::SQS::Queue", ResourceStatus.CREATE_COMPLETE, null),
        event("app", "AWS::CloudFormation::Stack", ResourceStatus.CREATE_IN_PROGRESS, "User Initiated"),
        event("Old", "AWS::SQS::Queue", ResourceStatus.CREATE_FAILED, "an earlier operation"));

    assertThat(StackFailures.message(failed, newestFirst)).isEqualTo("Stack app is in ROLLBACK_COMPLETE state: "
        + "resource Bucket (AWS::S3::Bucket) CREATE_FAILED: my-bucket already exists");
  }

  private static StackEvent event(String logicalId, String type, ResourceStatus status, String reason) {
    return StackEvent.builder().logicalResourceId(logicalId).physicalResourceId(logicalId.equals("app")
        ? "arn:stack/app/1" : logicalId).resourceType(type).resourceStatus(status).resourceStatusReason(reason).build();
  }

  private ActionJob job(Map<String, String> extra) {
    Map<String, String> configuration = new HashMap<>(Map.of("StackName", stack, "RoleArn", ROLE,
        "TemplatePath", "Src::infra/template.yml"));
    configuration.putAll(extra);
    ActionFixture.JobBuilder builder = ActionFixture.job(CloudFormationExecutor.TYPE.id())
        .configuration(configuration).inputs(source);
    if (configuration.containsKey("OutputFileName")) {
      builder.outputs(new OutputArtifact("Out"));
    }
    return builder.build();
  }

  private ActionResult runToEnd(ActionJob job) throws Exception {
    ActionResult result = fixture.run(executor, job);
    for (int i = 0; i < 10 && result instanceof ActionResult.InProgress waiting; i++) {
      result = fixture.run(executor, job.withContinuationToken(waiting.continuationToken()));
    }
    return result;
  }

  private static String token(ActionResult result) {
    assertThat(result).isInstanceOf(ActionResult.InProgress.class);
    return ((ActionResult.InProgress) result).continuationToken();
  }

  private Stack describe() {
    return cloudFormation.describeStacks(b -> b.stackName(stack)).stacks().get(0);
  }

  private static List<StackSummary> stacksNamed(String name) {
    return cloudFormation.listStacks().stackSummaries().stream().filter(s -> s.stackName().equals(name)).toList();
  }
}

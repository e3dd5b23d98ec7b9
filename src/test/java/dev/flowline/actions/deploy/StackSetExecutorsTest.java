package dev.flowline.actions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.MotoAws;
import dev.flowline.artifacts.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackInstanceSummary;

/**
 * The two stack set providers against moto, which creates stack sets and instances and finishes every operation
 * inside the call (SUCCEEDED); it never fails an operation, so the failure path is not exercised here.
 */
class StackSetExecutorsTest {
  static final String TEMPLATE = """
      Parameters:
        Environment: {Type: String, Default: test}
      Resources:
        Queue:
          Type: AWS::SQS::Queue
          Properties: {QueueName: !Sub "orders-${Environment}"}
      Outputs:
        QueueUrl: {Value: !Ref Queue}
      """;

  static MotoServer moto;
  static AwsClients clients;
  static CloudFormationClient cloudFormation;

  @TempDir Path root;
  ActionFixture fixture;
  CloudFormationStackSetExecutor stackSet;
  CloudFormationStackInstancesExecutor instances;
  String name;
  InputArtifactRef source;

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
    stackSet = new CloudFormationStackSetExecutor(clients, Duration.ofMillis(10));
    instances = new CloudFormationStackInstancesExecutor(clients, Duration.ofMillis(10));
    name = "topics-" + UUID.randomUUID().toString().substring(0, 8);
    source = fixture.artifact("Src", Map.of("stackset/template.yml", TEMPLATE,
        "stackset/parameters.json", "[{\"ParameterKey\": \"Environment\", \"ParameterValue\": \"prod\"}]"));
  }

  @Test
  @DisplayName("given no stack set, when the StackSet action runs, then the stack set is created with its parameters "
      + "and instances in every target account and region, and StackSetId and OperationId are the variables")
  void createsTheStackSetAndItsInstances() throws Exception {
    ActionResult result = runToEnd(stackSet, stackSetJob(Map.of()));

    assertThat(result).isInstanceOfSatisfying(ActionResult.Succeeded.class, s -> {
      assertThat(s.outputVariables()).containsKeys("StackSetId", "OperationId");
      assertThat(s.outputVariables().get("StackSetId")).startsWith(name + ":");
    });
    assertThat(instances()).containsOnlyKeys("123456789012/us-east-1", "123456789012/eu-west-1",
        "111111111111/us-east-1", "111111111111/eu-west-1");
    assertThat(cloudFormation.describeStackSet(b -> b.stackSetName(name)).stackSet().parameters())
        .anySatisfy(p -> assertThat(p.parameterValue()).isEqualTo("prod"));
  }

  @Test
  @DisplayName("given an existing stack set, when the StackSet action runs again, then the stack set is updated by one "
      + "operation whose id comes from the action execution; a repeated first call waits for it instead of "
      + "starting another")
  void updatesOnceAcrossARestart() throws Exception {
    assertThat(runToEnd(stackSet, stackSetJob(Map.of()))).isInstanceOf(ActionResult.Succeeded.class);
    int before = operations();
    ActionJob update = stackSetJob(Map.of("Parameters", "ParameterKey=Environment,ParameterValue=staging",
        "FailureToleranceCount", "1", "MaxConcurrentCount", "2"));

    ActionResult first = fixture.run(stackSet, update);
    int afterFirst = operations();
    ActionResult repeated = fixture.run(stackSet, update);
    ActionResult resumed = runToEnd(stackSet, update.withContinuationToken(
        ((ActionResult.InProgress) repeated).continuationToken()));

    assertThat(first).isInstanceOf(ActionResult.InProgress.class);
    assertThat(((ActionResult.InProgress) repeated).continuationToken())
        .isEqualTo(((ActionResult.InProgress) first).continuationToken())
        .isEqualTo(StackSetOperations.operationId(update));
    assertThat(resumed).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(afterFirst).isGreaterThan(before);
    assertThat(operations()).as("the repeated first call started no operation").isEqualTo(afterFirst);
    assertThat(cloudFormation.describeStackSet(b -> b.stackSetName(name)).stackSet().parameters())
        .anySatisfy(p -> assertThat(p.parameterValue()).isEqualTo("staging"));
  }

  @Test
  @DisplayName("given a stack set, when the StackInstances action names a new region, then its instances are created; "
      + "when all exist, they are updated with the overrides")
  void stackInstancesCreateThenUpdate() throws Exception {
    runToEnd(stackSet, stackSetJob(Map.of()));

    ActionResult added = runToEnd(instances, instancesJob(Map.of("Regions", "us-east-1,eu-west-1,us-west-2")));
    ActionResult updated = runToEnd(instances, instancesJob(Map.of("Regions", "us-west-2",
        "ParameterOverrides", "Src::stackset/parameters.json", "FailureTolerancePercentage", "10")));

    assertThat(added).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(updated).isInstanceOfSatisfying(ActionResult.Succeeded.class,
        s -> assertThat(s.summary()).contains("UPDATE"));
    assertThat(instances()).containsKeys("123456789012/us-west-2", "111111111111/us-west-2").hasSize(6);
  }

  @Test
  @DisplayName("given bad configuration, then a ConfigurationError names the key or file and no stack set is created")
  void badConfiguration() throws Exception {
    Map<Map<String, String>, String> stackSetCases = new LinkedHashMap<>();
    stackSetCases.put(Map.of("TemplatePath", "Src::missing.yml"),
        "TemplatePath: file missing.yml does not exist in input artifact Src");
    stackSetCases.put(Map.of("DeploymentTargets", "12345"),
        "DeploymentTargets: '12345' is neither a 12-digit account id nor an organizational unit id");
    stackSetCases.put(Map.of("Parameters", "Environment=prod"), "Parameters must be a JSON list");
    stackSetCases.put(Map.of("FailureTolerancePercentage", "150"), "FailureTolerancePercentage must be between 0 and 100");
    stackSetCases.put(Map.of("Regions", ""), "DeploymentTargets and Regions are required to create stack set " + name);
    for (Map.Entry<Map<String, String>, String> c : stackSetCases.entrySet()) {
      assertConfigurationError(fixture.run(stackSet, stackSetJob(c.getKey())), c.getValue());
    }
    assertThat(cloudFormation.listStackSets().summaries()).noneMatch(s -> s.stackSetName().equals(name));

    assertConfigurationError(fixture.run(instances, instancesJob(Map.of())),
        "StackSetName: stack set " + name + " does not exist");
    Map<String, String> noRegions = new HashMap<>(Map.of("StackSetName", name, "DeploymentTargets", "123456789012"));
    assertConfigurationError(fixture.run(instances, ActionFixture.job(CloudFormationStackInstancesExecutor.TYPE.id())
        .configuration(noRegions).build()), "Action configuration is missing required configuration 'Regions'");
  }

  private static void assertConfigurationError(ActionResult result, String message) {
    assertThat(result).as(message).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("ConfigurationError");
      assertThat(failed.message()).startsWith(message);
    });
  }

  private ActionJob stackSetJob(Map<String, String> changes) {
    Map<String, String> configuration = new HashMap<>(Map.of("StackSetName", name,
        "TemplatePath", "Src::stackset/template.yml", "Parameters", "Src::stackset/parameters.json",
        "DeploymentTargets", "123456789012,111111111111", "Regions", "us-east-1,eu-west-1",
        "Capabilities", "CAPABILITY_IAM",
        "AdministrationRoleArn", "arn:aws:iam::123456789012:role/AWSCloudFormationStackSetAdministrationRole",
        "ExecutionRoleName", "AWSCloudFormationStackSetExecutionRole"));
    configuration.putAll(changes);
    return ActionFixture.job(CloudFormationStackSetExecutor.TYPE.id()).configuration(configuration).inputs(source)
        .build();
  }

  private ActionJob instancesJob(Map<String, String> changes) {
    Map<String, String> configuration = new HashMap<>(Map.of("StackSetName", name,
        "DeploymentTargets", "123456789012,111111111111", "Regions", "us-east-1"));
    configuration.putAll(changes);
    return ActionFixture.job(CloudFormationStackInstancesExecutor.TYPE.id()).configuration(configuration)
        .inputs(source).build();
  }

  private Map<String, StackInstanceSummary> instances() {
    Map<String, StackInstanceSummary> byTarget = new HashMap<>();
    cloudFormation.listStackInstancesPaginator(b -> b.stackSetName(name)).summaries()
        .forEach(i -> byTarget.put(i.account() + "/" + i.region(), i));
    return byTarget;
  }

  private int operations() {
    return cloudFormation.listStackSetOperations(b -> b.stackSetName(name)).summaries().size();
  }

  private ActionResult runToEnd(dev.flowline.actions.ActionExecutor executor, ActionJob job) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    ActionResult result = fixture.run(executor, job);
    while (result instanceof ActionResult.InProgress waiting && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
      result = fixture.run(executor, job.withContinuationToken(waiting.continuationToken()));
    }
    return result;
  }
}

package dev.flowline.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.FlowlineTest;
import dev.flowline.SharedMoto;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.api.ApiProperties;
import dev.flowline.api.TourScript;
import dev.flowline.artifacts.Zips;
import dev.flowline.engine.ExecutionService;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecution;
import dev.flowline.execution.PipelineState;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.elasticbeanstalk.ElasticBeanstalkClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Bring your own pipeline: definitions exactly as {@code aws codepipeline get-pipeline} prints them (pipeline and
 * metadata), written from AWS's tutorials and samples, in src/test/resources/byo-pipelines/. Each is created with
 * the real AWS CLI, unchanged except for what the CLI flow itself needs: the {@code metadata} block is removed
 * (create-pipeline's input has no such member, and the CLI refuses it before sending anything; see the test
 * below and docs/providers.md).
 *
 * <p>Data-driven, so it stays right as providers are added: a definition whose providers are all registered
 * (the running Flowline's action type catalogue) must be accepted; one with a provider that is not must be
 * refused with an InvalidActionDeclarationException naming every such provider. An accepted definition is run
 * against moto when the test knows how to prepare the world its providers read ({@link #WORLD}: source objects,
 * ECR images, state machines, Elastic Beanstalk environments); it must end Succeeded, every approval approved. The summary (how many run
 * unchanged) is printed and written to target/byo-pipelines-report.md.
 */
@FlowlineTest
class ByoPipelinesTest {
  static final Path DEFINITIONS = Path.of("src/test/resources/byo-pipelines");
  private static final Path BUCKETS = ExampleRunner.BUCKETS;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  /** Providers whose world this test can prepare (see {@link #prepare}); an action of any other is not run. */
  private static final Set<String> WORLD = Set.of("Source/AWS/S3", "Source/AWS/ECR", "Build/AWS/CodeBuild",
      "Test/AWS/CodeBuild", "Deploy/AWS/S3", "Deploy/AWS/CloudFormation", "Approval/AWS/Manual",
      "Invoke/AWS/StepFunctions", "Deploy/AWS/ElasticBeanstalk", "Deploy/AWS/CloudFormationStackSet",
      "Deploy/AWS/CloudFormationStackInstances");

  private static final Map<String, String> REPORT = new ConcurrentSkipListMap<>();

  @Autowired ActionTypeCatalog catalog;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @Autowired AwsClients aws;
  @LocalServerPort int port;
  @TempDir Path temp;

  @BeforeEach
  void needsTheCli() {
    assumeTrue(TourScript.installed("aws"), "the AWS CLI is needed to create the definitions as users do");
  }

  static Stream<String> definitions() throws IOException {
    try (Stream<Path> files = Files.list(DEFINITIONS)) {
      return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted().toList().stream();
    }
  }

  @Test
  @DisplayName("the get-pipeline output as printed is refused by the CLI itself (metadata is no member of "
      + "create-pipeline's input), so the metadata block is what the user removes")
  void theCliRefusesTheMetadataBlock() throws Exception {
    Cli result = cli("create-pipeline", "--cli-input-json", "file://" + DEFINITIONS.resolve("step-functions.json")
        .toAbsolutePath());

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("Unknown parameter in input: \"metadata\"");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("definitions")
  @DisplayName("given a definition as get-pipeline prints it, when it is created with the CLI (metadata removed), then "
      + "it is accepted if every provider is registered (and runs to Succeeded against moto), else refused naming "
      + "each missing provider")
  void createdUnchangedAndRun(String file) throws Exception {
    JsonNode printed = JSON.readTree(DEFINITIONS.resolve(file).toFile());
    assertThat(printed.has("pipeline") && printed.has("metadata")).as("%s has get-pipeline's shape", file).isTrue();
    JsonNode pipeline = printed.get("pipeline");
    List<ActionTypeId> types = actionTypes(pipeline);
    Set<String> missing = types.stream().filter(id -> catalog.find(id).isEmpty()).map(ActionTypeId::provider)
        .collect(Collectors.toCollection(TreeSet::new));

    Set<String> unprepared = types.stream().map(id -> id.category() + "/" + id.owner() + "/" + id.provider())
        .filter(type -> !WORLD.contains(type)).collect(Collectors.toCollection(TreeSet::new));
    boolean runs = missing.isEmpty() && unprepared.isEmpty();
    if (runs) {
      prepare(pipeline, file);
    }

    ObjectNode input = printed.deepCopy();
    input.remove("metadata");
    Path inputFile = temp.resolve(file);
    Files.writeString(inputFile, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(input));
    Cli created = cli("create-pipeline", "--cli-input-json", "file://" + inputFile.toAbsolutePath());

    if (!missing.isEmpty()) {
      assertThat(created.exitCode()).as(created.output()).isNotZero();
      assertThat(created.output()).contains("InvalidActionDeclarationException");
      for (String provider : missing) {
        assertThat(created.output()).as("the refusal names provider %s", provider)
            .contains("Provider: '" + provider + "'");
      }
      REPORT.put(file, "refused: no executor for " + String.join(", ", missing));
      return;
    }
    assertThat(created.exitCode()).as(created.output()).isZero();
    assertThat(JSON.readTree(created.output()).at("/pipeline/name").asText())
        .isEqualTo(pipeline.get("name").asText());
    if (!runs) {
      REPORT.put(file, "accepted; not run: this test cannot prepare " + String.join(", ", unprepared));
      return;
    }
    String name = pipeline.get("name").asText();
    String executionId = firstExecution(name);
    String status = awaitEnd(name, executionId);

    assertThat(status).as("%s: %s", file, describe(name, executionId)).isEqualTo("Succeeded");
    afterRun(file);
    REPORT.put(file, "accepted and ran unchanged to Succeeded");
  }

  @AfterAll
  static void report() throws IOException {
    long ran = REPORT.values().stream().filter(r -> r.startsWith("accepted and ran")).count();
    long accepted = REPORT.values().stream().filter(r -> r.startsWith("accepted")).count();
    StringBuilder text = new StringBuilder("# Bring your own pipeline\n\n")
        .append(REPORT.size()).append(" definitions, ").append(accepted).append(" accepted by CreatePipeline, ")
        .append(ran).append(" ran unchanged to Succeeded against moto.\n\n| definition | result |\n|---|---|\n");
    REPORT.forEach((file, result) -> text.append("| ").append(file).append(" | ").append(result).append(" |\n"));
    System.out.println(text);
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/byo-pipelines-report.md"), text);
  }

  private static List<ActionTypeId> actionTypes(JsonNode pipeline) {
    List<ActionTypeId> types = new ArrayList<>();
    for (JsonNode action : actions(pipeline)) {
      JsonNode id = action.get("actionTypeId");
      types.add(ActionTypeId.of(id.get("category").asText(), id.get("owner").asText(), id.get("provider").asText(),
          id.get("version").asText()));
    }
    return types;
  }

  private static List<JsonNode> actions(JsonNode pipeline) {
    List<JsonNode> actions = new ArrayList<>();
    pipeline.get("stages").forEach(stage -> stage.get("actions").forEach(actions::add));
    return actions;
  }

  /** What the definition's actions read: source objects, images, state machines, target buckets. */
  private void prepare(JsonNode pipeline, String file) throws Exception {
    Path app = DEFINITIONS.resolve(file.replaceFirst("\\.json$", ""));
    if (!Files.isDirectory(app)) {
      app = Files.createDirectories(temp.resolve("app"));
      Files.writeString(app.resolve("README.txt"), "source of " + file + "\n");
    }
    for (JsonNode action : actions(pipeline)) {
      String type = action.at("/actionTypeId/category").asText() + "/" + action.at("/actionTypeId/provider").asText();
      JsonNode configuration = action.path("configuration");
      String region = action.path("region").asText("us-east-1");
      switch (type) {
        case "Source/S3" -> {
          Path object = BUCKETS.resolve(configuration.get("S3Bucket").asText())
              .resolve(configuration.get("S3ObjectKey").asText());
          Files.createDirectories(object.getParent());
          Files.deleteIfExists(object);
          Zips.zip(app, object);
        }
        case "Deploy/S3" -> Files.createDirectories(BUCKETS.resolve(configuration.get("BucketName").asText()));
        case "Source/ECR" -> pushImage(region, configuration.get("RepositoryName").asText(),
            configuration.path("ImageTag").asText("latest"));
        case "Invoke/StepFunctions" -> stateMachine(region, configuration.get("StateMachineArn").asText());
        case "Deploy/ElasticBeanstalk" -> beanstalkEnvironment(region, configuration.get("ApplicationName").asText(),
            configuration.get("EnvironmentName").asText());
        default -> { }
      }
    }
  }

  private void pushImage(String region, String repository, String tag) {
    EcrClient ecr = aws.client("ecr", EcrClient::builder, region, null);
    try {
      ecr.createRepository(b -> b.repositoryName(repository));
    } catch (RepositoryAlreadyExistsException e) {
      // pushed by an earlier definition
    }
    String config = UUID.randomUUID().toString().replace("-", "");
    ecr.putImage(b -> b.repositoryName(repository).imageTag(tag).imageManifest(
        "{\"schemaVersion\": 2, \"mediaType\": \"application/vnd.docker.distribution.manifest.v2+json\", "
            + "\"config\": {\"size\": 1, \"digest\": \"sha256:" + config + config + "\"}, \"layers\": []}"));
  }

  /** moto runs one state machine execution per reset (see StepFunctionsExecutorTest), so this resets moto first. */
  private void stateMachine(String region, String arn) throws IOException {
    SharedMoto.server().reset();
    SharedMoto.server().configure("{\"stepfunctions\": {\"execute_state_machine\": true}}");
    SfnClient sfn = aws.client("sfn", SfnClient::builder, region, null);
    String name = arn.substring(arn.lastIndexOf(':') + 1);
    String created = sfn.createStateMachine(b -> b.name(name).roleArn("arn:aws:iam::123456789012:role/StepFunctions")
        .definition("{\"StartAt\": \"Hello\", \"States\": {\"Hello\": {\"Type\": \"Pass\", \"End\": true}}}"))
        .stateMachineArn();
    assertThat(created).isEqualTo(arn);
  }

  /** Elastic Beanstalk's deployment API is {@link SharedMoto#elasticBeanstalk()}: moto lacks it. */
  private void beanstalkEnvironment(String region, String application, String environment) {
    ElasticBeanstalkClient beanstalk = aws.client("elasticbeanstalk", ElasticBeanstalkClient::builder, region, null);
    beanstalk.createApplication(b -> b.applicationName(application));
    beanstalk.createEnvironment(b -> b.applicationName(application).environmentName(environment)
        .solutionStackName("64bit Amazon Linux 2023 v6.1.0 running Node.js 20"));
  }

  private void afterRun(String file) {
    if (file.equals("cloudformation-stacksets.json")) {
      CloudFormationClient cloudFormation = aws.client("cloudformation", CloudFormationClient::builder, "us-east-1",
          null);
      assertThat(cloudFormation.listStackInstances(b -> b.stackSetName("byo-my-stackset")).summaries())
          .extracting(i -> i.account() + "/" + i.region())
          .containsExactlyInAnyOrder("111111111111/us-east-1", "111111111111/us-east-2", "111111111111/eu-central-1");
    }
    if (file.equals("elastic-beanstalk.json")) {
      assertThat(SharedMoto.elasticBeanstalk().versionLabel("Byonodejsapp-env")).startsWith("flowline-");
    }
    if (file.equals("multi-region.json")) {
      for (String region : List.of("us-east-1", "eu-west-1")) {
        CloudFormationClient cloudFormation = aws.client("cloudformation", CloudFormationClient::builder, region, null);
        assertThat(cloudFormation.describeStacks(b -> b.stackName("byo-orders-queue")).stacks().get(0)
            .outputs()).anySatisfy(o -> assertThat(o.outputValue()).endsWith("byo-orders-" + region));
      }
    }
  }

  private String firstExecution(String name) {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (queries.executions(name, null, 0, 1).isEmpty()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(name + ": CreatePipeline started no execution");
      }
      sleep();
    }
    return queries.executions(name, null, 0, 1).get(0).pipelineExecutionId();
  }

  /** Waits for the execution to end, approving every approval it reaches. */
  private String awaitEnd(String name, String executionId) {
    Instant deadline = Instant.now().plus(PATIENCE);
    while (true) {
      String status = queries.execution(name, executionId).map(PipelineExecution::status).orElse("InProgress");
      if (!"InProgress".equals(status)) {
        return status;
      }
      for (PipelineState.StageState stage : queries.state(name).stageStates()) {
        for (PipelineState.ActionState action : stage.actionStates()) {
          PipelineState.ActionExecution latest = action.latestExecution();
          if (latest != null && "InProgress".equals(latest.status()) && latest.token() != null) {
            executions.putApprovalResult(name, stage.stageName(), action.actionName(), latest.token(), "Approved",
                "Approved by " + ByoPipelinesTest.class.getSimpleName(), "tester");
          }
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(name + " still InProgress after " + PATIENCE + "; " + describe(name, executionId));
      }
      sleep();
    }
  }

  private String describe(String name, String executionId) {
    return queries.actionExecutions(name, executionId, 0, 100).stream()
        .map(a -> a.actionName() + "=" + a.status() + message(a)).collect(Collectors.joining(", "));
  }

  private static String message(ActionExecutionDetail action) {
    return action.output() == null || action.output().executionResult() == null
        || action.output().executionResult().errorDetails() == null ? ""
        : " (" + action.output().executionResult().errorDetails().message() + ")";
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private record Cli(int exitCode, String output) {}

  private Cli cli(String operation, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("aws", "codepipeline", operation));
    command.addAll(List.of(arguments));
    command.addAll(List.of("--endpoint-url", "http://127.0.0.1:" + port, "--region", "us-east-1", "--output", "json"));
    Path output = temp.resolve("cli-" + UUID.randomUUID() + ".txt");
    ProcessBuilder process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    process.environment().put("AWS_ACCESS_KEY_ID", ApiProperties.DEFAULT_ACCESS_KEY_ID);
    process.environment().put("AWS_SECRET_ACCESS_KEY", ApiProperties.DEFAULT_SECRET_ACCESS_KEY);
    process.environment().put("AWS_CONFIG_FILE", "/dev/null");
    process.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    int exit = process.start().waitFor();
    return new Cli(exit, Files.readString(output, StandardCharsets.UTF_8));
  }
}

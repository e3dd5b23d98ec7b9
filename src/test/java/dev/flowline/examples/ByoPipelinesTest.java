package dev.flowline.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.FlowlineTest;
import dev.flowline.SharedMoto;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.build.MotoTimestamps;
import dev.flowline.actions.invoke.LambdaDouble;
import dev.flowline.api.ApiProperties;
import dev.flowline.api.TourScript;
import dev.flowline.artifacts.Zips;
import dev.flowline.codecommit.HostedRepositories;
import dev.flowline.engine.ExecutionService;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecution;
import dev.flowline.execution.PipelineState;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import java.io.IOException;
import java.net.URI;
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
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.RevisionLocationType;
import software.amazon.awssdk.services.codedeploy.model.S3Location;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageDetail;
import software.amazon.awssdk.services.ecr.model.RepositoryAlreadyExistsException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticbeanstalk.ElasticBeanstalkClient;
import software.amazon.awssdk.services.s3.S3Client;
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
 * hosted CodeCommit repositories pushed over git HTTP, ECR images, ECS clusters and services (desiredCount 0, stable
 * at once in moto), CodeDeploy applications and groups, Lambda functions of the in-JVM {@link LambdaDouble} whose
 * part the test plays through PutJobSuccessResult, state machines, Elastic Beanstalk environments); it must end
 * Succeeded, every approval approved. A definition that deploys through CodeDeploy cannot end: moto creates the
 * deployment and leaves it Created for ever, so it runs until the action waits InProgress for one deployment of
 * the right revision, and is then stopped. The summary (how many run unchanged) is printed and written to
 * target/byo-pipelines-report.md.
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
      "Deploy/AWS/CloudFormationStackInstances", "Source/AWS/CodeCommit", "Deploy/AWS/ECS", "Invoke/AWS/Lambda",
      "Deploy/AWS/CodeDeploy", "Deploy/AWS/CodeDeployToECS");

  /** Providers that wait for a CodeDeploy deployment, which moto creates and leaves Created for ever. */
  private static final Set<String> MOTO_NEVER_COMPLETES = Set.of("Deploy/AWS/CodeDeploy", "Deploy/AWS/CodeDeployToECS");

  static final String RAN_UNTIL_CODEDEPLOY = "accepted, ran until moto's CodeDeploy (never completes a deployment)";

  private static final Map<String, String> REPORT = new ConcurrentSkipListMap<>();
  /** The service ecs-blue-green.json's CodeDeploy application and group are named after (console's names). */
  private static final String BLUE_GREEN_CLUSTER = "byo-cluster";
  private static final String BLUE_GREEN_SERVICE = "byo-service";
  /** The commit pushed to each hosted repository. */
  private static final Map<String, String> COMMITS = new ConcurrentSkipListMap<>();

  /** The job ids this test, playing the Lambda functions, has answered. */
  private final Set<String> answered = new TreeSet<>();

  @Autowired ActionTypeCatalog catalog;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @Autowired AwsClients aws;
  @Autowired HostedRepositories repositories;
  @Autowired Environment environment;
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

  @Test
  @DisplayName("the ListActionTypes row of docs/api-coverage.md names exactly the AWS and ThirdParty action types "
      + "list-action-types answers (the catalogue a definition brought from AWS is checked against), and "
      + "get-action-type answers each")
  void theCoverageDocListsTheCatalogue() throws Exception {
    Set<String> listed = new TreeSet<>();
    for (String owner : List.of("AWS", "ThirdParty")) {
      Cli result = cli("list-action-types", "--action-owner-filter", owner);
      assertThat(result.exitCode()).as(result.output()).isZero();
      JSON.readTree(result.output()).get("actionTypes").forEach(type -> listed.add(type.at("/id/category").asText()
          + "/" + type.at("/id/owner").asText() + "/" + type.at("/id/provider").asText()));
    }
    // partner types the configuration declares (flowline.jobs.third-party-action-types) are listed too, not built in
    for (int i = 0; environment.containsProperty("flowline.jobs.third-party-action-types[" + i + "].provider"); i++) {
      String declared = "flowline.jobs.third-party-action-types[" + i + "].";
      assertThat(listed.remove(environment.getProperty(declared + "category") + "/ThirdParty/"
          + environment.getProperty(declared + "provider"))).as(declared).isTrue();
    }
    String row = Files.readAllLines(Path.of("docs/api-coverage.md")).stream()
        .filter(line -> line.startsWith("| ListActionTypes |")).findFirst().orElseThrow();
    Set<String> documented = Pattern.compile("`([A-Za-z]+/(?:AWS|ThirdParty)/[A-Za-z0-9]+)`")
        .matcher(row).results().map(m -> m.group(1)).collect(Collectors.toCollection(TreeSet::new));

    assertThat(documented).isEqualTo(listed);
    try (CodePipelineClient codePipeline = codePipeline()) {
      for (String type : listed) {
        String[] id = type.split("/");
        assertThat(codePipeline.getActionType(b -> b.category(id[0]).owner(id[1]).provider(id[2]).version("1"))
            .actionType().id().provider()).as("GetActionType %s", type).isEqualTo(id[2]);
      }
    }
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
    pipelines.put(name, pipeline);
    String executionId = firstExecution(name);
    Set<String> waitsForCodeDeploy = types.stream().map(id -> id.category() + "/" + id.owner() + "/"
        + id.provider()).filter(MOTO_NEVER_COMPLETES::contains).collect(Collectors.toCollection(TreeSet::new));
    if (!waitsForCodeDeploy.isEmpty()) {
      untilCodeDeploy(pipeline, file, executionId);
      REPORT.put(file, RAN_UNTIL_CODEDEPLOY);
      return;
    }
    String status = awaitEnd(name, executionId);

    assertThat(status).as("%s: %s", file, describe(name, executionId)).isEqualTo("Succeeded");
    afterRun(file);
    REPORT.put(file, "accepted and ran unchanged to Succeeded");
  }

  @AfterAll
  static void report() throws IOException {
    long ran = REPORT.values().stream().filter(r -> r.startsWith("accepted and ran")).count();
    long accepted = REPORT.values().stream().filter(r -> r.startsWith("accepted")).count();
    long untilCodeDeploy = REPORT.values().stream().filter(RAN_UNTIL_CODEDEPLOY::equals).count();
    StringBuilder text = new StringBuilder("# Bring your own pipeline\n\n")
        .append(REPORT.size()).append(" definitions, ").append(accepted).append(" accepted by CreatePipeline, ")
        .append(ran).append(" ran unchanged to Succeeded against moto, ").append(untilCodeDeploy)
        .append(" ran unchanged until moto's CodeDeploy, which never completes a deployment.\n\n"
            + "| definition | result |\n|---|---|\n");
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
        case "Source/CodeCommit" -> hostedRepository(configuration.get("RepositoryName").asText(),
            configuration.get("BranchName").asText(), app);
        case "Deploy/ECS" -> ecsService(region, configuration.get("ClusterName").asText(),
            configuration.get("ServiceName").asText(), "web", "ECS");
        case "Invoke/Lambda" -> LambdaDouble.shared().addFunction(configuration.get("FunctionName").asText());
        case "Deploy/CodeDeploy" -> {
          artifactBucket(region, pipeline.at("/artifactStore/location").asText());
          codeDeployGroup(region, configuration.get("ApplicationName").asText(),
              configuration.get("DeploymentGroupName").asText(), "Server");
        }
        case "Deploy/CodeDeployToECS" -> {
          // the service the console's names AppECS-<cluster>-<service> / DgpECS-<cluster>-<service> stand for
          ecsService(region, BLUE_GREEN_CLUSTER, BLUE_GREEN_SERVICE, "sample-website", "CODE_DEPLOY");
          codeDeployGroup(region, configuration.get("ApplicationName").asText(),
              configuration.get("DeploymentGroupName").asText(), "ECS");
        }
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

  /**
   * A hosted CodeCommit repository holding {@code app}, pushed over Flowline's git smart HTTP as a user pushes
   * (the embedded admin user); the commit is the one the source action must take.
   */
  private void hostedRepository(String repository, String branch, Path app) throws Exception {
    if (repositories.find(repository).isEmpty()) {
      repositories.create(repository, "byo: " + app.getFileName());
    }
    Path work = temp.resolve("git-" + repository);
    try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch(branch).call();
        Stream<Path> files = Files.walk(app)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = work.resolve(app.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
      git.add().addFilepattern(".").call();
      String commit = git.commit().setMessage("byo: " + app.getFileName()).setAuthor("Byo", "byo@example.com")
          .setCommitter("Byo", "byo@example.com").setSign(false).call().getName();
      git.push().setRemote("http://127.0.0.1:" + port + "/git/" + repository + ".git")
          .setRefSpecs(new RefSpec(branch + ":" + branch)).setForce(true)
          .setCredentialsProvider(new UsernamePasswordCredentialsProvider("admin", "admin")).call();
      assertThat(repositories.branchHead(repository, branch)).contains(commit);
      COMMITS.put(repository, commit);
    }
  }

  /**
   * An ECS cluster and a service of one container {@code container} (task definition family = the service),
   * desiredCount 0, which moto reports stable at once (moto never starts a task).
   */
  private void ecsService(String region, String cluster, String service, String container, String controller) {
    EcsClient ecs = aws.client("ecs", EcsClient::builder, region, null);
    ecs.createCluster(b -> b.clusterName(cluster));
    String revision = ecs.registerTaskDefinition(b -> b.family(service).containerDefinitions(c -> c.name(container)
        .image("public.ecr.aws/nginx/nginx:stable").memory(512))).taskDefinition().taskDefinitionArn();
    ecs.createService(b -> b.cluster(cluster).serviceName(service).taskDefinition(revision).desiredCount(0)
        .deploymentController(d -> d.type(controller)));
  }

  /** The pipeline's artifact bucket in moto's S3: CodeDeploy's revision is put there, as on AWS. */
  private void artifactBucket(String region, String bucket) {
    S3Client s3 = aws.client("s3", () -> S3Client.builder().forcePathStyle(true), region, null);
    if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
      s3.createBucket(b -> b.bucket(bucket));
    }
  }

  private void codeDeployGroup(String region, String application, String group, String platform) {
    CodeDeployClient codeDeploy = aws.client("codedeploy", CodeDeployClient::builder, region, null);
    codeDeploy.createApplication(b -> b.applicationName(application).computePlatform(platform));
    if (platform.equals("ECS")) {
      codeDeploy.createDeploymentGroup(b -> b.applicationName(application).deploymentGroupName(group)
          .serviceRoleArn("arn:aws:iam::123456789012:role/ecsCodeDeployRole")
          .deploymentStyle(s -> s.deploymentType("BLUE_GREEN").deploymentOption("WITH_TRAFFIC_CONTROL"))
          .ecsServices(s -> s.clusterName(BLUE_GREEN_CLUSTER).serviceName(BLUE_GREEN_SERVICE)));
    } else {
      codeDeploy.createDeploymentGroup(b -> b.applicationName(application).deploymentGroupName(group)
          .serviceRoleArn("arn:aws:iam::123456789012:role/CodeDeployServiceRole")
          .ec2TagFilters(f -> f.key("Name").value("MyCodePipelineDemo").type("KEY_AND_VALUE")));
    }
  }

  /** Elastic Beanstalk's deployment API is {@link SharedMoto#elasticBeanstalk()}: moto lacks it. */
  private void beanstalkEnvironment(String region, String application, String environment) {
    ElasticBeanstalkClient beanstalk = aws.client("elasticbeanstalk", ElasticBeanstalkClient::builder, region, null);
    beanstalk.createApplication(b -> b.applicationName(application));
    beanstalk.createEnvironment(b -> b.applicationName(application).environmentName(environment)
        .solutionStackName("64bit Amazon Linux 2023 v6.1.0 running Node.js 20"));
  }

  private void afterRun(String file) {
    if (file.equals("ecs-standard.json")) {
      // the buildspec names the image after the first 7 characters of the commit CodeBuild built
      EcsClient ecs = aws.client("ecs", EcsClient::builder, "us-east-1", null);
      String revision = ecs.describeServices(b -> b.cluster("byo-cluster").services("byo-web")).services().get(0)
          .taskDefinition();
      assertThat(revision).endsWith("task-definition/byo-web:2");
      assertThat(ecs.describeTaskDefinition(b -> b.taskDefinition(revision)).taskDefinition().containerDefinitions()
          .get(0).image()).isEqualTo("123456789012.dkr.ecr.us-east-1.amazonaws.com/byo-web:"
          + COMMITS.get("byo-ecs-app").substring(0, 7));
    }
    if (file.equals("lambda-invoke.json")) {
      assertThat(LambdaDouble.shared().invocations("MyLambdaFunctionForAWSCodePipeline")).hasSize(1);
      assertThat(answered).hasSize(1);
    }
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
      playTheFunctions(name);
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

  /**
   * Plays every Lambda function the pipeline invokes, as the function of AWS's tutorial does: reads the
   * {@code CodePipeline.job} event it was invoked with (Event) and reports success through PutJobSuccessResult,
   * with the real SDK v2 CodePipeline client against Flowline.
   */
  private void playTheFunctions(String name) {
    for (JsonNode action : actions(pipelineOf(name))) {
      if (!"Lambda".equals(action.at("/actionTypeId/provider").asText())) {
        continue;
      }
      String function = action.at("/configuration/FunctionName").asText();
      for (LambdaDouble.Invocation invocation : LambdaDouble.shared().invocations(function)) {
        JsonNode job;
        try {
          job = JSON.readTree(invocation.payload()).get("CodePipeline.job");
        } catch (IOException e) {
          throw new AssertionError("the Lambda event is not JSON: " + invocation.payload(), e);
        }
        String jobId = job.get("id").asText();
        if (!answered.add(jobId)) {
          continue;
        }
        assertThat(invocation.invocationType()).isEqualTo("Event");
        assertThat(job.at("/data/actionConfiguration/configuration/UserParameters").asText())
            .isEqualTo(action.at("/configuration/UserParameters").asText());
        try (CodePipelineClient codePipeline = codePipeline()) {
          assertThat(codePipeline.getJobDetails(b -> b.jobId(jobId)).jobDetails().data().pipelineContext()
              .pipelineName()).isEqualTo(name);
          codePipeline.putJobSuccessResult(b -> b.jobId(jobId).executionDetails(d -> d
              .summary("checked " + action.at("/configuration/UserParameters").asText())
              .externalExecutionId("byo-" + jobId)));
        }
      }
    }
  }

  private final Map<String, JsonNode> pipelines = new ConcurrentSkipListMap<>();

  private JsonNode pipelineOf(String name) {
    return pipelines.get(name);
  }

  private CodePipelineClient codePipeline() {
    return CodePipelineClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            ApiProperties.DEFAULT_ACCESS_KEY_ID, ApiProperties.DEFAULT_SECRET_ACCESS_KEY)))
        .httpClient(UrlConnectionHttpClient.create()).build();
  }

  /**
   * For a definition that deploys through CodeDeploy: runs it until the point moto allows (the deployment created
   * with the right revision, the action InProgress waiting for it), then stops the execution (abandon).
   */
  private void untilCodeDeploy(JsonNode pipeline, String file, String executionId) throws Exception {
    String name = pipeline.get("name").asText();
    for (JsonNode action : actions(pipeline)) {
      String provider = action.at("/actionTypeId/provider").asText();
      if (!MOTO_NEVER_COMPLETES.contains("Deploy/AWS/" + provider)) {
        continue;
      }
      String region = action.path("region").asText("us-east-1");
      String actionName = action.get("name").asText();
      JsonNode configuration = action.get("configuration");
      String application = configuration.get("ApplicationName").asText();
      String group = configuration.get("DeploymentGroupName").asText();
      // not the context's cached client: this one reads moto's ISO timestamps (see MotoTimestamps)
      try (CodeDeployClient codeDeploy = AwsClients.configure(CodeDeployClient.builder().overrideConfiguration(c -> c
          .addExecutionInterceptor(new MotoTimestamps())), SharedMoto.server().endpoint(), region,
          StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build()) {
        Instant deadline = Instant.now().plus(PATIENCE);
        ActionExecutionDetail waiting;
        while (true) {
          waiting = queries.actionExecutions(name, executionId, 0, 100).stream()
              .filter(a -> a.actionName().equals(actionName)).findFirst().orElse(null);
          if (waiting != null && waiting.output() != null && waiting.output().executionResult() != null
              && waiting.output().executionResult().externalExecutionId() != null) {
            break;
          }
          String status = queries.execution(name, executionId).map(PipelineExecution::status).orElse("InProgress");
          if (!"InProgress".equals(status) || Instant.now().isAfter(deadline)) {
            throw new AssertionError(file + ": " + status + " before a CodeDeploy deployment; "
                + describe(name, executionId));
          }
          sleep();
        }
        List<String> deployments = codeDeploy.listDeployments(b -> b.applicationName(application)
            .deploymentGroupName(group)).deployments();
        String stopped = executions.stop(name, executionId, true, "moto never completes a CodeDeploy deployment");

        assertThat(waiting.status()).as(describe(name, executionId)).isEqualTo("InProgress");
        assertThat(deployments).as("%s: one deployment of %s/%s", file, application, group)
            .containsExactly(waiting.output().executionResult().externalExecutionId());
        DeploymentInfo deployment = codeDeploy.getDeployment(b -> b.deploymentId(deployments.get(0))).deploymentInfo();
        if (provider.equals("CodeDeploy")) {
          assertServerRevision(deployment, waiting, region, pipeline.at("/artifactStore/location").asText());
        } else {
          assertBlueGreenRevision(deployment, file, region, configuration, pipeline);
        }
        assertThat(queries.execution(name, executionId).orElseThrow().status()).as(stopped).isEqualTo("Stopped");
      }
    }
  }

  /** The S3 revision is the source artifact, put into the pipeline's artifact bucket, with the app's appspec.yml. */
  private void assertServerRevision(DeploymentInfo deployment, ActionExecutionDetail action, String region,
      String artifactBucket) throws IOException {
    assertThat(deployment.revision().revisionType()).isEqualTo(RevisionLocationType.S3);
    S3Location revision = deployment.revision().s3Location();
    ActionExecutionDetail.S3Location input = action.input().inputArtifacts().get(0).s3location();
    assertThat(revision.bucket()).isEqualTo(artifactBucket);
    assertThat(revision.bucket() + "/" + revision.key()).isEqualTo(input.bucket() + "/" + input.key());
    assertThat(revision.bundleTypeAsString()).isEqualTo("zip");
    S3Client s3 = aws.client("s3", () -> S3Client.builder().forcePathStyle(true), region, null);
    Set<String> entries = new TreeSet<>();
    try (ZipInputStream zip = new ZipInputStream(s3.getObject(b -> b.bucket(revision.bucket()).key(revision.key())))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        entries.add(entry.getName());
      }
    }
    assertThat(entries).contains("appspec.yml", "index.html", "scripts/start_server");
  }

  /**
   * The AppSpec content revision is the repository's appspec.yaml naming the task definition revision registered
   * from its taskdef.json, whose container runs the ECR source's image (by digest).
   */
  private void assertBlueGreenRevision(DeploymentInfo deployment, String file, String region,
      JsonNode configuration, JsonNode pipeline) throws IOException {
    Path app = DEFINITIONS.resolve(file.replaceFirst("\\.json$", ""));
    assertThat(deployment.revision().revisionType()).isEqualTo(RevisionLocationType.APP_SPEC_CONTENT);
    String content = deployment.revision().appSpecContent().content();
    String template = Files.readString(app.resolve(configuration.get("AppSpecTemplatePath").asText()));
    assertThat(content).doesNotContain("<TASK_DEFINITION>");
    String arn = content.lines().filter(l -> l.contains("TaskDefinition:")).findFirst().orElseThrow().trim()
        .substring("TaskDefinition:".length()).trim();
    assertThat(content).isEqualTo(template.replace("<TASK_DEFINITION>", arn));
    EcsClient ecs = aws.client("ecs", EcsClient::builder, region, null);
    TaskDefinition registered = ecs.describeTaskDefinition(b -> b.taskDefinition(arn)).taskDefinition();
    assertThat(registered.family()).isEqualTo("byo-ecs-demo");
    JsonNode imageSource = actions(pipeline).stream().filter(a -> a.at("/outputArtifacts/0/name").asText()
        .equals(configuration.get("Image1ArtifactName").asText())).findFirst().orElseThrow();
    String repository = imageSource.at("/configuration/RepositoryName").asText();
    EcrClient ecr = aws.client("ecr", EcrClient::builder, region, null);
    ImageDetail image = ecr.describeImages(b -> b.repositoryName(repository)
        .imageIds(i -> i.imageTag(imageSource.at("/configuration/ImageTag").asText()))).imageDetails().get(0);
    assertThat(registered.containerDefinitions().get(0).image()).isEqualTo(image.registryId() + ".dkr.ecr." + region
        + ".amazonaws.com/" + repository + "@" + image.imageDigest());
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

package dev.flowline.actions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.MotoAws;
import dev.flowline.actions.build.MotoTimestamps;
import dev.flowline.artifacts.MotoServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.CodeDeployClientBuilder;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.RevisionLocationType;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * The ECS blue/green action against a real {@code moto_server}: the task definition is registered in moto's ECS
 * and the deployment created in moto's CodeDeploy, whose deployments stay Created for ever (moto neither shifts
 * traffic nor runs lifecycle hooks), so the end states are those of {@link CodeDeploymentsTest}.
 */
class CodeDeployToEcsExecutorTest {

  static final String REGISTER = "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition";
  static final String CREATE_DEPLOYMENT = "CodeDeploy_20141006.CreateDeployment";
  static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/web@sha256:" + "ab".repeat(32);
  static final String APPSPEC = """
      version: 0.0
      Resources:
        - TargetService:
            Type: AWS::ECS::Service
            Properties:
              TaskDefinition: <TASK_DEFINITION>
              LoadBalancerInfo:
                ContainerName: "web"
                ContainerPort: 80
      """;

  static MotoServer moto;
  static AwsClients clients;
  static CodeDeployClient codeDeploy;
  static EcsClient ecs;

  @TempDir Path root;
  ActionFixture fixture;
  CodeDeployToEcsExecutor executor;
  String application;
  String family;
  InputArtifactRef image;

  static CodeDeployClientBuilder motoCodeDeploy() {
    return CodeDeployClient.builder().overrideConfiguration(c -> c.addExecutionInterceptor(new MotoTimestamps()));
  }

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    clients = MotoAws.clients(moto);
    codeDeploy = clients.client("codedeploy", CodeDeployToEcsExecutorTest::motoCodeDeploy, "us-east-1", null);
    ecs = clients.client("ecs", EcsClient::builder, "us-east-1", null);
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
    executor = new CodeDeployToEcsExecutor(clients, Duration.ofMillis(10), CodeDeployToEcsExecutorTest::motoCodeDeploy);
    String id = UUID.randomUUID().toString().substring(0, 8);
    application = "app-" + id;
    family = "web-" + id;
    codeDeploy.createApplication(b -> b.applicationName(application).computePlatform("ECS"));
    codeDeploy.createDeploymentGroup(b -> b.applicationName(application).deploymentGroupName("blue-green")
        .serviceRoleArn("arn:aws:iam::123456789012:role/codedeploy")
        .deploymentStyle(s -> s.deploymentType("BLUE_GREEN").deploymentOption("WITH_TRAFFIC_CONTROL"))
        .ecsServices(s -> s.clusterName("cluster").serviceName("web")));
    image = fixture.artifact("Image", Map.of("imageDetail.json", "{\"ImageURI\": \"" + IMAGE + "\"}"));
    moto.startRecording();
  }

  @Test
  @DisplayName("given taskdef.json with <IMAGE1_NAME> and appspec.yaml with <TASK_DEFINITION>, when the action runs, "
      + "then the task definition is registered with the image of imageDetail.json, and one deployment is created "
      + "whose AppSpec content names that revision")
  void registersAndDeploys() throws Exception {
    ActionJob job = job(configuration(), source(taskDefinition("<IMAGE1_NAME>"), APPSPEC), image);

    ActionResult first = fixture.run(executor, job);
    ActionResult later = fixture.run(executor, job.withContinuationToken(token(first)));

    DescribeTaskDefinitionResponse registered = ecs.describeTaskDefinition(b -> b.taskDefinition(family)
        .include(TaskDefinitionField.TAGS));
    String arn = registered.taskDefinition().taskDefinitionArn();
    assertThat(registered.taskDefinition().containerDefinitions().get(0).image()).isEqualTo(IMAGE);
    assertThat(registered.taskDefinition().containerDefinitions().get(1).image()).isEqualTo("envoy:1");
    assertThat(registered.tags()).extracting(t -> t.key() + "=" + t.value())
        .contains("app=shop", TaskDefinitions.TAG + "=" + job.actionExecutionId());
    DeploymentInfo deployment = codeDeploy.getDeployment(b -> b.deploymentId(token(first))).deploymentInfo();
    assertThat(deployment.revision().revisionType()).isEqualTo(RevisionLocationType.APP_SPEC_CONTENT);
    String content = deployment.revision().appSpecContent().content();
    assertThat(content).isEqualTo(APPSPEC.replace("<TASK_DEFINITION>", arn));
    assertThat(deployment.revision().appSpecContent().sha256()).isEqualTo(HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8))));
    assertThat(later).isInstanceOfSatisfying(ActionResult.InProgress.class,
        waiting -> assertThat(waiting.summary()).isEqualTo("Deployment " + token(first) + " is Created"));
  }

  @Test
  @DisplayName("given a first call repeated after a crash, then moto saw one RegisterTaskDefinition and one "
      + "CreateDeployment, and both calls wait for the same deployment")
  void restartAfterCreateDeployment() throws Exception {
    ActionJob job = job(configuration(), source(taskDefinition("<IMAGE1_NAME>"), APPSPEC), image);

    ActionResult first = fixture.run(executor, job);
    ActionResult again = fixture.run(executor, job);

    assertThat(token(again)).isEqualTo(token(first));
    assertThat(MotoCalls.count(moto, REGISTER)).isEqualTo(1);
    assertThat(MotoCalls.count(moto, CREATE_DEPLOYMENT)).isEqualTo(1);
  }

  @Test
  @DisplayName("given a crash between RegisterTaskDefinition and CreateDeployment, when the first call runs again, "
      + "then it registers nothing and deploys the revision the crashed call registered")
  void restartBetweenRegisterAndCreateDeployment() throws Exception {
    ActionJob job = job(configuration(), source(taskDefinition("<IMAGE1_NAME>"), APPSPEC), image);
    String leftOver = ecs.registerTaskDefinition(TaskDefinitionTemplate.parse("k", "taskdef.json",
        taskDefinition(IMAGE)).toBuilder().tags(TaskDefinitions.tagged(null, job.actionExecutionId())).build())
        .taskDefinition().taskDefinitionArn();
    moto.startRecording();

    ActionResult first = fixture.run(executor, job);

    assertThat(MotoCalls.count(moto, REGISTER)).isZero();
    assertThat(codeDeploy.getDeployment(b -> b.deploymentId(token(first))).deploymentInfo().revision()
        .appSpecContent().content()).contains("TaskDefinition: " + leftOver);
  }

  @Test
  @DisplayName("given Image1ContainerName, then its placeholder is the one replaced; several images each take "
      + "their own imageDetail.json")
  void namedPlaceholdersAndTwoImages() throws Exception {
    InputArtifactRef proxy = fixture.artifact("Proxy", Map.of("imageDetail.json", "{\"ImageURI\": \"envoy:2\"}"));
    Map<String, String> configuration = configuration();
    configuration.put("Image1ContainerName", "WEB_IMAGE");
    configuration.put("Image2ArtifactName", "Proxy");
    ActionJob job = job(configuration, source(taskDefinition("<WEB_IMAGE>").replace("envoy:1", "<IMAGE2_NAME>"),
        APPSPEC), image, proxy);

    fixture.run(executor, job);

    var containers = ecs.describeTaskDefinition(b -> b.taskDefinition(family)).taskDefinition().containerDefinitions();
    assertThat(containers.get(0).image()).isEqualTo(IMAGE);
    assertThat(containers.get(1).image()).isEqualTo("envoy:2");
  }

  @Test
  @DisplayName("given an unknown deployment group, then a ConfigurationError names the key and nothing is registered")
  void unknownDeploymentGroup() throws Exception {
    Map<String, String> configuration = configuration();
    configuration.put("DeploymentGroupName", "nope");

    ActionResult result = fixture.run(executor, job(configuration, source(taskDefinition("<IMAGE1_NAME>"), APPSPEC),
        image));

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("ConfigurationError");
      assertThat(failed.message()).startsWith("DeploymentGroupName: ");
    });
    assertThat(MotoCalls.count(moto, REGISTER)).isZero();
  }

  @Test
  @DisplayName("given bad templates or configuration, then a ConfigurationError names the key and the file, and "
      + "nothing is registered or deployed")
  void badConfiguration() throws Exception {
    Map<String, String> configuration = configuration();
    configuration.remove("AppSpecTemplateArtifact");
    assertThat(message(job(configuration, source(taskDefinition("<IMAGE1_NAME>"), APPSPEC), image)))
        .isEqualTo("Action configuration is missing required configuration 'AppSpecTemplateArtifact'");
    assertThat(message(job(configuration(), fixture.artifact("Src", Map.of("appspec.yaml", APPSPEC)), image)))
        .isEqualTo("TaskDefinitionTemplatePath: file taskdef.json does not exist in input artifact Src");
    assertThat(message(job(configuration(), source("{\"containerDefinitions\": [{\"image\": \"<IMAGE1_NAME>\"",
        APPSPEC), image)))
        .startsWith("TaskDefinitionTemplatePath: taskdef.json is not valid JSON");
    assertThat(message(job(configuration(), source(taskDefinition("nginx:1"), APPSPEC), image)))
        .isEqualTo("Image1ContainerName: taskdef.json has no placeholder <IMAGE1_NAME>");
    assertThat(message(job(configuration(), source(taskDefinition("<IMAGE1_NAME>"), APPSPEC),
        fixture.artifact("Image", Map.of("imageDetail.json", "{\"ImageTags\": []}")))))
        .isEqualTo("Image1ArtifactName: imageDetail.json in input artifact Image has no ImageURI");
    assertThat(message(job(configuration(), source(taskDefinition("<IMAGE1_NAME>"), "version: 0.0\n"), image)))
        .isEqualTo("AppSpecTemplatePath: appspec.yaml has no <TASK_DEFINITION> placeholder for the task definition");
    assertThat(message(job(configuration(), source(taskDefinition("<IMAGE1_NAME>"), "Resources: [<TASK_DEFINITION>"),
        image))).startsWith("AppSpecTemplatePath: appspec.yaml is not valid YAML or JSON");
    assertThat(MotoCalls.count(moto, REGISTER)).isZero();
    assertThat(MotoCalls.count(moto, CREATE_DEPLOYMENT)).isZero();
  }

  private String message(ActionJob job) throws Exception {
    ActionResult result = fixture.run(executor, job);
    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class,
        failed -> assertThat(failed.failureType()).isEqualTo("ConfigurationError"));
    return ((ActionResult.Failed) result).message();
  }

  private Map<String, String> configuration() {
    Map<String, String> configuration = new HashMap<>();
    configuration.put("ApplicationName", application);
    configuration.put("DeploymentGroupName", "blue-green");
    configuration.put("TaskDefinitionTemplateArtifact", "Src");
    configuration.put("AppSpecTemplateArtifact", "Src");
    configuration.put("Image1ArtifactName", "Image");
    return configuration;
  }

  private String taskDefinition(String webImage) {
    return """
        {"family": "%s", "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"], "cpu": "256",
         "memory": "512", "status": "ACTIVE", "revision": 4,
         "containerDefinitions": [
           {"name": "web", "image": "%s", "essential": true, "portMappings": [{"containerPort": 80}]},
           {"name": "proxy", "image": "envoy:1"}],
         "tags": [{"key": "app", "value": "shop"}]}
        """.formatted(family, webImage);
  }

  private InputArtifactRef source(String taskDefinition, String appSpec) throws Exception {
    return fixture.artifact("Src", Map.of("taskdef.json", taskDefinition, "appspec.yaml", appSpec));
  }

  private static ActionJob job(Map<String, String> configuration, InputArtifactRef... inputs) {
    return ActionFixture.job(CodeDeployToEcsExecutor.TYPE.id()).configuration(configuration).inputs(inputs).build();
  }

  private static String token(ActionResult result) {
    assertThat(result).isInstanceOf(ActionResult.InProgress.class);
    return ((ActionResult.InProgress) result).continuationToken();
  }
}

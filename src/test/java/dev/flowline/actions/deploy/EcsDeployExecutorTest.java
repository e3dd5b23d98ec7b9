package dev.flowline.actions.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.LocalActionContext;
import dev.flowline.actions.LocalActionContextFactory;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.MotoAws;
import dev.flowline.artifacts.ArtifactLimits;
import dev.flowline.artifacts.MotoServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * The ECS deployment against a real {@code moto_server}. moto's ECS keeps the rollout state a service was created
 * with (a service created with desiredCount 0 is COMPLETED at once; one with desiredCount > 0 stays IN_PROGRESS
 * with no task running) and never fails a deployment, so a stable service and a timeout are tested here and a
 * FAILED rollout on the SDK's own objects ({@link EcsRolloutTest}). Calls are counted on moto's side.
 */
class EcsDeployExecutorTest {

  static final String UPDATE_SERVICE = "AmazonEC2ContainerServiceV20141113.UpdateService";
  static final String REGISTER = "AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition";

  static MotoServer moto;
  static AwsClients clients;
  static EcsClient ecs;

  @TempDir Path root;
  ActionFixture fixture;
  EcsDeployExecutor executor;
  String cluster;
  String family;
  String originalArn;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    clients = MotoAws.clients(moto);
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
    executor = new EcsDeployExecutor(clients, Duration.ofMillis(10));
    String id = UUID.randomUUID().toString().substring(0, 8);
    cluster = "cluster-" + id;
    family = "web-" + id;
    ecs.createCluster(b -> b.clusterName(cluster));
    originalArn = ecs.registerTaskDefinition(b -> b.family(family).networkMode("awsvpc").cpu("256").memory("512")
        .requiresCompatibilitiesWithStrings("FARGATE").containerDefinitions(
            ContainerDefinition.builder().name("web").image("registry/web:1").essential(true).memory(256).build(),
            ContainerDefinition.builder().name("proxy").image("envoy:1").memory(128).build())
        .tags(t -> t.key("team").value("shop"))).taskDefinition().taskDefinitionArn();
    moto.startRecording();
  }

  @Test
  @DisplayName("given a stable service and imagedefinitions.json naming one container, when the action runs, then "
      + "it registers one new revision with that image (the other container and the tags as they were), points "
      + "the service at it, and succeeds once the service is stable")
  void deploysANewRevision() throws Exception {
    createService("web", 0);
    ActionJob job = job(Map.of("ClusterName", cluster, "ServiceName", "web"),
        imageDefinitions("[{\"name\": \"web\", \"imageUri\": \"registry/web:2\"}]"));

    ActionResult first = fixture.run(executor, job);
    ActionResult done = fixture.run(executor, job.withContinuationToken(token(first)));

    String revision = family + ":2";
    assertThat(token(first)).startsWith("ECS|").endsWith("task-definition/" + revision);
    assertThat(done).isInstanceOfSatisfying(ActionResult.Succeeded.class,
        ok -> assertThat(ok.summary()).isEqualTo("Service web is stable: 0 of 0 tasks running"));
    DescribeTaskDefinitionResponse registered = ecs.describeTaskDefinition(b -> b.taskDefinition(revision)
        .include(TaskDefinitionField.TAGS));
    assertThat(registered.taskDefinition().containerDefinitions())
        .extracting(ContainerDefinition::name, ContainerDefinition::image)
        .containsExactly(tuple("web", "registry/web:2"),
            tuple("proxy", "envoy:1"));
    assertThat(registered.taskDefinition().cpu()).isEqualTo("256");
    assertThat(registered.tags()).extracting(t -> t.key() + "=" + t.value())
        .containsExactlyInAnyOrder("team=shop", TaskDefinitions.TAG + "=" + job.actionExecutionId());
    assertThat(serviceTaskDefinition("web")).endsWith(revision);
    assertThat(MotoCalls.count(moto, REGISTER)).isEqualTo(1);
    assertThat(MotoCalls.count(moto, UPDATE_SERVICE)).isEqualTo(1);
  }

  @Test
  @DisplayName("given a first call repeated after a crash (its token never saved), then the repeat finds the "
      + "revision the first call registered and the service already on it: moto saw one RegisterTaskDefinition "
      + "and one UpdateService, and a new executor resuming from the first token succeeds")
  void restartAfterUpdateServiceDoesNotRepeatIt() throws Exception {
    createService("web", 0);
    ActionJob job = job(Map.of("ClusterName", cluster, "ServiceName", "web"),
        imageDefinitions("[{\"name\": \"web\", \"imageUri\": \"registry/web:2\"}]"));

    ActionResult first = fixture.run(executor, job);
    ActionResult again = fixture.run(executor, job);
    ActionResult resumed;
    try (AwsClients afterRestart = MotoAws.clients(moto)) {
      resumed = fixture.run(new EcsDeployExecutor(afterRestart, Duration.ofMillis(10)),
          job.withContinuationToken(token(first)));
    }

    assertThat(tokenArn(again)).isEqualTo(tokenArn(first));
    assertThat(resumed).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(MotoCalls.count(moto, REGISTER)).isEqualTo(1);
    assertThat(MotoCalls.count(moto, UPDATE_SERVICE)).isEqualTo(1);
    assertThat(ecs.listTaskDefinitions(b -> b.familyPrefix(family)).taskDefinitionArns()).hasSize(2);
  }

  @Test
  @DisplayName("given a crash between RegisterTaskDefinition and UpdateService, when the first call runs again, "
      + "then it registers nothing and points the service at the revision the crashed call registered")
  void restartBetweenRegisterAndUpdateService() throws Exception {
    createService("web", 0);
    ActionJob job = job(Map.of("ClusterName", cluster, "ServiceName", "web"),
        imageDefinitions("[{\"name\": \"web\", \"imageUri\": \"registry/web:2\"}]"));
    var original = ecs.describeTaskDefinition(b -> b.taskDefinition(originalArn).include(TaskDefinitionField.TAGS));
    String leftOver = ecs.registerTaskDefinition(TaskDefinitions.withImages(original.taskDefinition(),
        original.tags(), Map.of("web", "registry/web:2"), job.actionExecutionId())).taskDefinition()
        .taskDefinitionArn();
    moto.startRecording();

    ActionResult first = fixture.run(executor, job);

    assertThat(tokenArn(first)).isEqualTo(leftOver);
    assertThat(serviceTaskDefinition("web")).isEqualTo(leftOver);
    assertThat(MotoCalls.count(moto, REGISTER)).isZero();
    assertThat(MotoCalls.count(moto, UPDATE_SERVICE)).isEqualTo(1);
  }

  @Test
  @DisplayName("given a service that never becomes stable (moto: 0 of 2 tasks running), then the action waits, "
      + "and fails once DeploymentTimeout minutes have passed, saying how far the service came")
  void deploymentTimeout() throws Exception {
    createService("web", 2);
    ActionJob job = job(Map.of("ClusterName", cluster, "ServiceName", "web", "DeploymentTimeout", "5"),
        imageDefinitions("[{\"name\": \"web\", \"imageUri\": \"registry/web:3\"}]"));

    ActionResult first = fixture.run(executor, job);
    ActionResult waiting = fixture.run(executor, job.withContinuationToken(token(first)));
    ActionResult late = runAt(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(6)),
        job.withContinuationToken(token(first)));

    assertThat(waiting).isInstanceOfSatisfying(ActionResult.InProgress.class,
        w -> assertThat(w.summary()).startsWith("Service web is deploying: 0 of 2 tasks running"));
    assertThat(late).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("JobFailed");
      assertThat(failed.message()).contains("did not become stable within 5 minutes (DeploymentTimeout)")
          .contains("0 of 2 tasks running");
    });
  }

  @Test
  @DisplayName("given imagedefinitions.json naming a container the task definition lacks, then the action fails "
      + "with AWS's message and registers nothing")
  void unknownContainer() throws Exception {
    createService("web", 0);

    ActionResult result = fixture.run(executor, job(Map.of("ClusterName", cluster, "ServiceName", "web"),
        imageDefinitions("[{\"name\": \"api\", \"imageUri\": \"registry/api:2\"}]")));

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> assertThat(failed.message())
        .isEqualTo("The AWS ECS container api does not exist in task definition " + family + ":1"));
    assertThat(MotoCalls.count(moto, REGISTER)).isZero();
    assertThat(MotoCalls.count(moto, UPDATE_SERVICE)).isZero();
  }

  @Test
  @DisplayName("given a service or cluster ECS does not know, then the action fails with a ConfigurationError "
      + "naming the key")
  void missingServiceOrCluster() throws Exception {
    InputArtifactRef images = imageDefinitions("[{\"name\": \"web\", \"imageUri\": \"registry/web:2\"}]");

    ActionResult noService = fixture.run(executor, job(Map.of("ClusterName", cluster, "ServiceName", "nope"), images));
    ActionResult noCluster = fixture.run(executor, job(Map.of("ClusterName", "nope-" + cluster, "ServiceName", "web"),
        images));

    assertThat(noService).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("ConfigurationError");
      assertThat(failed.message()).startsWith("ServiceName: the ECS service nope does not exist in cluster " + cluster);
    });
    assertThat(noCluster).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> assertThat(failed.message())
        .isEqualTo("ClusterName: the ECS cluster nope-" + cluster + " does not exist"));
  }

  @Test
  @DisplayName("given bad configuration (a missing key, no imagedefinitions.json, a file that is not JSON or not "
      + "image definitions, a DeploymentTimeout out of range), then a ConfigurationError names the key or file and "
      + "nothing is registered")
  void badConfiguration() throws Exception {
    createService("web", 0);
    Map<String, String> ok = Map.of("ClusterName", cluster, "ServiceName", "web");
    InputArtifactRef images = imageDefinitions("[{\"name\": \"web\", \"imageUri\": \"registry/web:2\"}]");

    assertThat(message(job(Map.of("ServiceName", "web"), images)))
        .isEqualTo("Action configuration is missing required configuration 'ClusterName'");
    assertThat(message(job(with(ok, "FileName", "other.json"), images)))
        .isEqualTo("FileName: file other.json does not exist in input artifact Images");
    assertThat(message(job(ok, fixture.artifact("Images", Map.of("imagedefinitions.json", "[{\"name\": ")))))
        .startsWith("FileName: imagedefinitions.json is not valid JSON");
    assertThat(message(job(ok, fixture.artifact("Images", Map.of("imagedefinitions.json", "{\"web\": \"x\"}")))))
        .startsWith("FileName: imagedefinitions.json must be a JSON array");
    assertThat(message(job(ok, fixture.artifact("Images", Map.of("imagedefinitions.json", "[{\"name\": \"web\"}]")))))
        .startsWith("FileName: every entry of imagedefinitions.json needs a non-empty \"name\" and \"imageUri\"");
    assertThat(message(job(with(ok, "DeploymentTimeout", "90"), images)))
        .isEqualTo("DeploymentTimeout '90' must be a whole number from 1 to 60");
    assertThat(MotoCalls.count(moto, REGISTER)).isZero();
  }

  private String message(ActionJob job) throws Exception {
    ActionResult result = fixture.run(executor, job);
    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class,
        failed -> assertThat(failed.failureType()).isEqualTo("ConfigurationError"));
    return ((ActionResult.Failed) result).message();
  }

  private ActionResult runAt(Clock clock, ActionJob job) throws Exception {
    LocalActionContextFactory contexts = new LocalActionContextFactory(fixture.dataDir, fixture.artifactStore,
        ArtifactLimits.defaults(), clock.withZone(ZoneOffset.UTC));
    try (LocalActionContext context = contexts.open(job)) {
      return executor.execute(job, context);
    }
  }

  private void createService(String name, int desiredCount) {
    ecs.createService(b -> b.cluster(cluster).serviceName(name).taskDefinition(originalArn)
        .desiredCount(desiredCount).launchType("FARGATE"));
  }

  private String serviceTaskDefinition(String name) {
    return ecs.describeServices(b -> b.cluster(cluster).services(name)).services().get(0).taskDefinition();
  }

  private InputArtifactRef imageDefinitions(String json) throws Exception {
    return fixture.artifact("Images", Map.of("imagedefinitions.json", json));
  }

  private static ActionJob job(Map<String, String> configuration, InputArtifactRef input) {
    return ActionFixture.job(EcsDeployExecutor.TYPE.id()).configuration(configuration).inputs(input).build();
  }

  private static Map<String, String> with(Map<String, String> configuration, String key, String value) {
    Map<String, String> copy = new HashMap<>(configuration);
    copy.put(key, value);
    return copy;
  }

  private static String token(ActionResult result) {
    assertThat(result).isInstanceOf(ActionResult.InProgress.class);
    return ((ActionResult.InProgress) result).continuationToken();
  }

  private static String tokenArn(ActionResult result) {
    String token = token(result);
    return token.substring(token.lastIndexOf('|') + 1);
  }
}

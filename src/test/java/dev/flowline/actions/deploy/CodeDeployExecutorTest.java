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
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import software.amazon.awssdk.services.codedeploy.model.BundleType;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.RevisionLocationType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The CodeDeploy action against a real {@code moto_server}: S3 for the revision, CodeDeploy for the deployment.
 * moto's CodeDeploy stores a deployment and leaves it in status Created for ever (no lifecycle, no instances), so
 * the wait is tested here as "still in progress", and how Succeeded, Failed and Stopped end the action on the SDK's
 * own objects ({@link CodeDeploymentsTest}). moto writes CodeDeploy's times as ISO strings, which
 * {@link MotoTimestamps} turns into the epoch seconds the SDK reads.
 */
class CodeDeployExecutorTest {

  static final String CREATE_DEPLOYMENT = "CodeDeploy_20141006.CreateDeployment";

  static MotoServer moto;
  static AwsClients clients;
  static CodeDeployClient codeDeploy;
  static S3Client s3;

  @TempDir Path root;
  ActionFixture fixture;
  CodeDeployExecutor executor;
  String application;
  InputArtifactRef bundle;

  static CodeDeployClientBuilder motoCodeDeploy() {
    return CodeDeployClient.builder().overrideConfiguration(c -> c.addExecutionInterceptor(new MotoTimestamps()));
  }

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
    clients = MotoAws.clients(moto);
    codeDeploy = clients.client("codedeploy", CodeDeployExecutorTest::motoCodeDeploy, "us-east-1", null);
    s3 = moto.s3Client();
    s3.createBucket(b -> b.bucket(ActionFixture.ARTIFACT_BUCKET));
  }

  @AfterAll
  static void stopMoto() {
    if (clients != null) {
      clients.close();
    }
    if (s3 != null) {
      s3.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    fixture = new ActionFixture(root);
    executor = new CodeDeployExecutor(clients, Duration.ofMillis(10), CodeDeployExecutorTest::motoCodeDeploy);
    application = "app-" + UUID.randomUUID().toString().substring(0, 8);
    codeDeploy.createApplication(b -> b.applicationName(application).computePlatform("Server"));
    codeDeploy.createDeploymentGroup(b -> b.applicationName(application).deploymentGroupName("prod")
        .serviceRoleArn("arn:aws:iam::123456789012:role/codedeploy"));
    bundle = fixture.artifact("App", Map.of("appspec.yml", "version: 0.0\nos: linux\n", "index.html", "v2"));
    moto.startRecording();
  }

  @Test
  @DisplayName("given an input artifact, when the action runs, then the zip is put into S3 at the artifact's bucket "
      + "and key, one deployment of that S3 revision (bundle type zip) is created, and the action waits for it")
  void deploysTheArtifactAsAnS3Revision() throws Exception {
    ActionJob job = job(Map.of("ApplicationName", application, "DeploymentGroupName", "prod"));

    ActionResult first = fixture.run(executor, job);
    ActionResult later = fixture.run(executor, job.withContinuationToken(token(first)));

    DeploymentInfo deployment = codeDeploy.getDeployment(b -> b.deploymentId(token(first))).deploymentInfo();
    assertThat(deployment.revision().revisionType()).isEqualTo(RevisionLocationType.S3);
    assertThat(deployment.revision().s3Location().bucket()).isEqualTo(ActionFixture.ARTIFACT_BUCKET);
    assertThat(deployment.revision().s3Location().key()).isEqualTo(bundle.location().objectKey());
    assertThat(deployment.revision().s3Location().bundleType()).isEqualTo(BundleType.ZIP);
    assertThat(deployment.description()).endsWith("action execution " + job.actionExecutionId());
    try (InputStream stored = fixture.artifactStore.open(bundle.location());
        InputStream uploaded = s3.getObject(b -> b.bucket(ActionFixture.ARTIFACT_BUCKET)
            .key(bundle.location().objectKey()))) {
      assertThat(uploaded.readAllBytes()).isEqualTo(stored.readAllBytes());
    }
    assertThat(first).isInstanceOfSatisfying(ActionResult.InProgress.class, waiting ->
        assertThat(waiting.externalExecutionUrl()).isEqualTo("https://us-east-1.console.aws.amazon.com/codedeploy/"
            + "home?region=us-east-1#/deployments/" + token(first)));
    assertThat(later).isInstanceOfSatisfying(ActionResult.InProgress.class, waiting ->
        assertThat(waiting.summary()).isEqualTo("Deployment " + token(first) + " is Created"));
  }

  @Test
  @DisplayName("given a first call repeated after a crash (its token never saved), then the repeat finds the "
      + "deployment the first call created: moto saw one CreateDeployment")
  void restartDoesNotCreateASecondDeployment() throws Exception {
    ActionJob job = job(Map.of("ApplicationName", application, "DeploymentGroupName", "prod"));

    ActionResult first = fixture.run(executor, job);
    ActionResult again;
    try (AwsClients afterRestart = MotoAws.clients(moto)) {
      again = fixture.run(new CodeDeployExecutor(afterRestart, Duration.ofMillis(10),
          CodeDeployExecutorTest::motoCodeDeploy), job);
    }
    ActionResult otherExecution = fixture.run(executor, job(Map.of("ApplicationName", application,
        "DeploymentGroupName", "prod")));

    assertThat(token(again)).isEqualTo(token(first));
    assertThat(token(otherExecution)).isNotEqualTo(token(first));
    assertThat(MotoCalls.count(moto, CREATE_DEPLOYMENT)).isEqualTo(2);
    assertThat(codeDeploy.listDeployments(b -> b.applicationName(application).deploymentGroupName("prod"))
        .deployments()).containsExactlyInAnyOrder(token(first), token(otherExecution));
  }

  @Test
  @DisplayName("given an application or deployment group CodeDeploy does not know, then a ConfigurationError "
      + "names the key and carries CodeDeploy's message, and no deployment is created")
  void unknownApplicationOrGroup() throws Exception {
    ActionResult noApplication = fixture.run(executor, job(Map.of("ApplicationName", "nope",
        "DeploymentGroupName", "prod")));
    ActionResult noGroup = fixture.run(executor, job(Map.of("ApplicationName", application,
        "DeploymentGroupName", "staging")));

    assertThat(noApplication).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("ConfigurationError");
      assertThat(failed.message()).isEqualTo("ApplicationName: The application nope does not exist with the user "
          + "or AWS account.");
    });
    assertThat(noGroup).isInstanceOfSatisfying(ActionResult.Failed.class, failed ->
        assertThat(failed.message()).startsWith("DeploymentGroupName: "));
    assertThat(MotoCalls.count(moto, CREATE_DEPLOYMENT)).isZero();
  }

  @Test
  @DisplayName("given an artifact bucket that does not exist in S3, then the action fails naming the revision's "
      + "location and S3's reason, before any deployment")
  void missingRevisionBucket() throws Exception {
    Path zip = root.resolve("bundle.zip");
    try (InputStream stored = fixture.artifactStore.open(bundle.location())) {
      Files.copy(stored, zip);
    }
    InputArtifactRef elsewhere = new InputArtifactRef("App",
        fixture.artifactStore.put("no-such-bucket", "MyPipeline", "App", zip), "rev");
    ActionJob job = ActionFixture.job(CodeDeployExecutor.TYPE.id()).configuration(Map.of("ApplicationName",
        application, "DeploymentGroupName", "prod")).inputs(elsewhere).build();

    ActionResult result = fixture.run(executor, job);

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("JobFailed");
      assertThat(failed.message()).startsWith("Could not upload input artifact App as the revision s3://no-such-bucket/"
          + elsewhere.location().objectKey() + ": ").containsIgnoringCase("bucket does not exist");
    });
    assertThat(MotoCalls.count(moto, CREATE_DEPLOYMENT)).isZero();
  }

  @Test
  @DisplayName("given a missing required key, then a ConfigurationError names it")
  void missingKey() throws Exception {
    ActionResult result = fixture.run(executor, job(Map.of("ApplicationName", application)));

    assertThat(result).isEqualTo(ActionResult.Failed.configurationError(
        "Action configuration is missing required configuration 'DeploymentGroupName'"));
  }

  private ActionJob job(Map<String, String> configuration) {
    return ActionFixture.job(CodeDeployExecutor.TYPE.id()).configuration(configuration).inputs(bundle).build();
  }

  private static String token(ActionResult result) {
    assertThat(result).isInstanceOf(ActionResult.InProgress.class);
    return ((ActionResult.InProgress) result).continuationToken();
  }
}

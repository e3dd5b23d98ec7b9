package dev.flowline.actions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.ElasticBeanstalkDouble;
import dev.flowline.artifacts.MotoServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.elasticbeanstalk.ElasticBeanstalkClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Elastic Beanstalk action: source bundles in moto's S3, Elastic Beanstalk's deployment API in
 * {@link ElasticBeanstalkDouble} (moto has no CreateApplicationVersion, UpdateEnvironment or DescribeEvents).
 */
class ElasticBeanstalkExecutorTest {

  static MotoServer moto;
  static ElasticBeanstalkDouble eb;
  static AwsClients clients;
  static ElasticBeanstalkClient beanstalk;

  @TempDir Path root;
  ActionFixture fixture;
  ElasticBeanstalkExecutor executor;
  String application;
  String environment;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    eb = ElasticBeanstalkDouble.start(moto);
    clients = new AwsClients("us-east-1", Map.of("elasticbeanstalk", eb.endpoint()), moto.endpoint(), false,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
    beanstalk = clients.client("elasticbeanstalk", ElasticBeanstalkClient::builder, "us-east-1", null);
  }

  @AfterAll
  static void stop() {
    if (clients != null) {
      clients.close();
    }
    if (eb != null) {
      eb.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    fixture = new ActionFixture(root);
    executor = new ElasticBeanstalkExecutor(clients, Duration.ofMillis(10));
    application = "app-" + UUID.randomUUID().toString().substring(0, 8);
    environment = application + "-env";
    beanstalk.createApplication(b -> b.applicationName(application));
    beanstalk.createEnvironment(b -> b.applicationName(application).environmentName(environment)
        .versionLabel("initial").solutionStackName("64bit Amazon Linux 2023 v6.1.0 running Node.js 20"));
  }

  @Test
  @DisplayName("given an environment, when the action runs, then the artifact is uploaded as the source bundle, one "
      + "application version is created, the environment is updated to it and the action succeeds once it is Ready "
      + "on that version")
  void deploysTheArtifactAsANewVersion() throws Exception {
    ActionJob job = job(fixture.artifact("App", Map.of("app.js", "console.log('v2')")));

    ActionResult result = runToEnd(executor, job);

    String label = ElasticBeanstalkExecutor.versionLabel(job);
    assertThat(result).isInstanceOfSatisfying(ActionResult.Succeeded.class, s -> assertThat(s.summary())
        .isEqualTo("Deployed version " + label + " to environment " + environment));
    assertThat(eb.versionLabel(environment)).isEqualTo(label);
    var version = beanstalk.describeApplicationVersions(b -> b.applicationName(application).versionLabels(label))
        .applicationVersions().get(0);
    try (S3Client s3 = moto.s3Client()) {
      byte[] bundle = s3.getObjectAsBytes(b -> b.bucket(version.sourceBundle().s3Bucket())
          .key(version.sourceBundle().s3Key())).asByteArray();
      assertThat(fixture.unzip(write(bundle)))
          .isDirectoryContaining(p -> p.getFileName().toString().equals("app.js"));
    }
  }

  @Test
  @DisplayName("given a bundle whose deployment fails, then the environment stays on the old version and the "
      + "action fails with the environment's ERROR events")
  void failedDeploymentReportsTheEvents() throws Exception {
    ActionJob job = job(fixture.artifact("App", Map.of("FAIL_DEPLOYMENT",
        "Command failed on instance. Return code: 1 Output: npm install failed.")));

    ActionResult result = runToEnd(executor, job);

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("JobFailed");
      assertThat(failed.message()).isEqualTo("Deployment of version " + ElasticBeanstalkExecutor.versionLabel(job)
          + " to environment " + environment + " failed; the environment is Ready on version initial: "
          + "Failed to deploy application. Command failed on instance. Return code: 1 Output: npm install failed.");
    });
    assertThat(eb.versionLabel(environment)).isEqualTo("initial");
  }

  @Test
  @DisplayName("given a restart mid-deployment (the first call repeated, then a new executor with the token), then "
      + "Elastic Beanstalk saw one CreateApplicationVersion and one UpdateEnvironment and the action succeeds")
  void restartCreatesNoSecondVersion() throws Exception {
    eb.describesWhileUpdating = 4;
    ActionJob job = job(fixture.artifact("App", Map.of("app.js", "console.log('v3')")));
    int versionsBefore = eb.createApplicationVersionCalls.get();
    int updatesBefore = eb.updateEnvironmentCalls.get();

    ActionResult first = fixture.run(executor, job);
    ActionResult repeated = fixture.run(executor, job);
    ActionResult resumed;
    try (AwsClients afterRestart = new AwsClients("us-east-1", Map.of("elasticbeanstalk", eb.endpoint()),
        moto.endpoint(), false, StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
      resumed = runToEnd(new ElasticBeanstalkExecutor(afterRestart, Duration.ofMillis(10)),
          job.withContinuationToken(((ActionResult.InProgress) repeated).continuationToken()));
    } finally {
      eb.describesWhileUpdating = 2;
    }

    assertThat(first).isInstanceOf(ActionResult.InProgress.class);
    assertThat(resumed).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(eb.createApplicationVersionCalls.get() - versionsBefore).isEqualTo(1);
    assertThat(eb.updateEnvironmentCalls.get() - updatesBefore).isEqualTo(1);
    assertThat(eb.versionLabel(environment)).isEqualTo(ElasticBeanstalkExecutor.versionLabel(job));
  }

  @Test
  @DisplayName("given bad configuration (a missing key, an environment that does not exist, an unknown region), then "
      + "a ConfigurationError names it and no version is created")
  void badConfiguration() throws Exception {
    InputArtifactRef app = fixture.artifact("App", Map.of("app.js", ""));
    int versionsBefore = eb.createApplicationVersionCalls.get();
    Map<Map<String, String>, String> cases = Map.of(
        Map.of("ApplicationName", application),
        "Action configuration is missing required configuration 'EnvironmentName'",
        Map.of("ApplicationName", application, "EnvironmentName", "no-such-env"),
        "EnvironmentName: environment no-such-env of application " + application + " does not exist");
    for (Map.Entry<Map<String, String>, String> c : cases.entrySet()) {
      ActionResult result = fixture.run(executor, ActionFixture.job(ElasticBeanstalkExecutor.TYPE.id())
          .configuration(c.getKey()).inputs(app).build());

      assertThat(result).as(c.getKey().toString()).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
        assertThat(failed.failureType()).isEqualTo("ConfigurationError");
        assertThat(failed.message()).isEqualTo(c.getValue());
      });
    }
    try (AwsClients aws = new AwsClients("us-east-1", Map.of(), null, false,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))) {
      ActionJob job = ActionFixture.job(ElasticBeanstalkExecutor.TYPE.id()).configuration(Map.of("ApplicationName",
          application, "EnvironmentName", environment)).inputs(app).region("mars-north-1").build();
      ActionResult result = fixture.run(new ElasticBeanstalkExecutor(aws, Duration.ofMillis(10)), job);
      assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
        assertThat(failed.failureType()).isEqualTo("ConfigurationError");
        assertThat(failed.message()).isEqualTo("Unknown region 'mars-north-1'");
      });
    }
    assertThat(eb.createApplicationVersionCalls.get()).isEqualTo(versionsBefore);
  }

  private ActionJob job(InputArtifactRef artifact) {
    return ActionFixture.job(ElasticBeanstalkExecutor.TYPE.id())
        .configuration(Map.of("ApplicationName", application, "EnvironmentName", environment))
        .inputs(artifact).build();
  }

  private Path write(byte[] bundle) throws Exception {
    return java.nio.file.Files.write(root.resolve("bundle.zip"), bundle);
  }

  private ActionResult runToEnd(ElasticBeanstalkExecutor executor, ActionJob job) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    ActionResult result = fixture.run(executor, job);
    while (result instanceof ActionResult.InProgress waiting && Instant.now().isBefore(deadline)) {
      Thread.sleep(20);
      result = fixture.run(executor, job.withContinuationToken(waiting.continuationToken()));
    }
    return result;
  }
}

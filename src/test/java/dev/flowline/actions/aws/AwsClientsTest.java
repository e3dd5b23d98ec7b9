package dev.flowline.actions.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionJob;
import dev.flowline.artifacts.MotoServer;
import dev.flowline.pipeline.ActionTypeId;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sts.StsClient;

/** Where AWS calls go: region, role and endpoint, proven against moto's STS (which knows who is calling). */
class AwsClientsTest {

  static final String ACTION_ROLE = "arn:aws:iam::123456789012:role/deployer";
  static final String PIPELINE_ROLE = "arn:aws:iam::123456789012:role/pipeline";
  static final AwsCredentialsProvider TEST_KEYS =
      StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
  static MotoServer moto;

  @BeforeAll
  static void startMoto() throws Exception {
    moto = MotoServer.start();
  }

  @AfterAll
  static void stopMoto() {
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  @DisplayName("given an action with a roleArn, then its calls are made as that role, assumed through STS; without "
      + "one, as the configured credentials")
  void actionRoleIsAssumed() {
    try (AwsClients clients = new AwsClients("us-east-1", Map.of(), moto.endpoint(), false, TEST_KEYS)) {
      assertThat(callerArn(clients, job(ACTION_ROLE, PIPELINE_ROLE)))
          .isEqualTo("arn:aws:sts::123456789012:assumed-role/deployer/flowline");
      assertThat(callerArn(clients, job(null, PIPELINE_ROLE))).doesNotContain("assumed-role");
    }
  }

  @Test
  @DisplayName("given assume-pipeline-role, then an action without its own role runs as the pipeline's role")
  void pipelineRoleWhenConfigured() {
    try (AwsClients clients = new AwsClients("us-east-1", Map.of(), moto.endpoint(), true, TEST_KEYS)) {
      assertThat(callerArn(clients, job(null, PIPELINE_ROLE)))
          .isEqualTo("arn:aws:sts::123456789012:assumed-role/pipeline/flowline");
      assertThat(callerArn(clients, job(ACTION_ROLE, PIPELINE_ROLE))).contains("assumed-role/deployer/");
    }
  }

  @Test
  @DisplayName("given a role STS cannot give, then the call fails with a message naming the role")
  void roleThatCannotBeAssumed() {
    Map<String, URI> endpoints = Map.of("sts", URI.create("http://127.0.0.1:9"));
    try (AwsClients clients = new AwsClients("us-east-1", endpoints, moto.endpoint(), false, TEST_KEYS)) {
      SnsClient sns = clients.client("sns", SnsClient::builder, job(ACTION_ROLE, null));

      assertThatThrownBy(sns::listTopics).isInstanceOf(SdkClientException.class)
          .hasMessageStartingWith("Could not assume role " + ACTION_ROLE + ": ");
    }
  }

  @Test
  @DisplayName("given a service's own endpoint, then it wins over the endpoint for all services")
  void perServiceEndpointWins() {
    Map<String, URI> endpoints = Map.of("sns", URI.create("http://127.0.0.1:9"));
    try (AwsClients clients = new AwsClients("us-east-1", endpoints, moto.endpoint(), false, TEST_KEYS)) {
      assertThat(callerArn(clients, job(null, null))).isNotBlank();
      assertThatThrownBy(() -> clients.client("sns", SnsClient::builder, job(null, null)).listTopics())
          .isInstanceOf(SdkClientException.class).hasMessageContaining("Connection refused");
    }
  }

  @Test
  @DisplayName("given a region AWS does not have and no endpoint override, then no client is built and the error "
      + "names the region; the action's region wins over the default")
  void unknownRegion() {
    try (AwsClients clients = new AwsClients("eu-west-1", Map.of(), null, false, TEST_KEYS)) {
      ActionJob job = ActionFixture.job(ActionTypeId.of("Invoke", "AWS", "StepFunctions", "1")).build();
      ActionJob mars = new ActionJob(job.actionExecutionId(), "P", "e", "S", "A", job.actionTypeId(), Map.of(), null,
          null, null, null, null, "mars-north-1", null, null);
      ActionJob noRegion = new ActionJob(job.actionExecutionId(), "P", "e", "S", "A", job.actionTypeId(), Map.of(),
          null, null, null, null, null, null, null, null);

      assertThatThrownBy(() -> clients.client("sns", SnsClient::builder, mars))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("Unknown region 'mars-north-1'");
      assertThat(clients.region(mars)).isEqualTo("mars-north-1");
      assertThat(clients.region(noRegion)).isEqualTo("eu-west-1");
    }
  }

  private static String callerArn(AwsClients clients, ActionJob job) {
    return clients.client("sts", StsClient::builder, job).getCallerIdentity().arn();
  }

  private static ActionJob job(String roleArn, String pipelineRoleArn) {
    ActionJob job = ActionFixture.job(ActionTypeId.of("Invoke", "AWS", "StepFunctions", "1")).build();
    return new ActionJob(job.actionExecutionId(), job.pipelineName(), job.pipelineExecutionId(), job.stageName(),
        job.actionName(), job.actionTypeId(), job.configuration(), job.commands(), job.environmentVariables(),
        job.outputVariables(), job.inputArtifacts(), job.outputArtifacts(), job.region(), null, null,
        job.sourceRevisions(), roleArn, pipelineRoleArn);
  }
}

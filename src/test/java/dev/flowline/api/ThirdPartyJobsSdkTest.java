package dev.flowline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowlineTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionCategory;
import software.amazon.awssdk.services.codepipeline.model.ActionDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ActionOwner;
import software.amazon.awssdk.services.codepipeline.model.ActionTypeId;
import software.amazon.awssdk.services.codepipeline.model.ActionTypeNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.FailureType;
import software.amazon.awssdk.services.codepipeline.model.InputArtifact;
import software.amazon.awssdk.services.codepipeline.model.InvalidClientTokenException;
import software.amazon.awssdk.services.codepipeline.model.InvalidJobStateException;
import software.amazon.awssdk.services.codepipeline.model.InvalidNonceException;
import software.amazon.awssdk.services.codepipeline.model.JobNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.JobStatus;
import software.amazon.awssdk.services.codepipeline.model.PipelineDeclaration;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.StageDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ThirdPartyJob;
import software.amazon.awssdk.services.codepipeline.model.ThirdPartyJobDetails;

/**
 * The partner job operations (PollForThirdPartyJobs, GetThirdPartyJobDetails, AcknowledgeThirdPartyJob,
 * PutThirdPartyJobSuccessResult, PutThirdPartyJobFailureResult) with the SDK v2 client as the partner's worker, for
 * the ThirdParty type application-test.yml configures, and one poll with the AWS CLI.
 */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThirdPartyJobsSdkTest {

  static final Duration PATIENCE = Duration.ofSeconds(30);
  static final String CLIENT_ID = "6f1f8b44-3c2e-4d1a-9a57-2f0d9c1e7b10";
  static final String CLIENT_TOKEN = "partner-client-token";
  static final ActionTypeId PARTNER = ActionTypeId.builder().category(ActionCategory.DEPLOY)
      .owner(ActionOwner.THIRD_PARTY).provider("PartnerDeploy").version("1").build();

  @LocalServerPort
  int port;

  CodePipelineClient client;

  @BeforeAll
  void connect() {
    ApiTestData.putSourceObject();
    client = ApiClients.codePipeline(port);
  }

  @AfterAll
  void close() {
    client.close();
  }

  /** Source -> Deploy with the partner's action (CreatePipeline starts the first execution). */
  static PipelineDeclaration sourcePartnerDeploy(String name) {
    PipelineDeclaration base = SdkPipelines.sourceThenApproval(name);
    return base.toBuilder().stages(base.stages().get(0),
        StageDeclaration.builder().name("Deploy").actions(ActionDeclaration.builder().name("Partner")
            .actionTypeId(PARTNER).configuration(Map.of("Environment", "prod"))
            .inputArtifacts(InputArtifact.builder().name("SourceOutput").build()).build()).build()).build();
  }

  /** Polls until a job of {@code pipeline} is handed out; jobs of other pipelines are not this test's. */
  ThirdPartyJob pollFor(String pipeline) {
    List<ThirdPartyJob> found = new ArrayList<>();
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).until(() -> {
      for (ThirdPartyJob job : client.pollForThirdPartyJobs(r -> r.actionTypeId(PARTNER).maxBatchSize(5)).jobs()) {
        if (details(job.jobId()).data().pipelineContext().pipelineName().equals(pipeline)) {
          found.add(job);
        }
      }
      return !found.isEmpty();
    });
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  ThirdPartyJobDetails details(String jobId) {
    return client.getThirdPartyJobDetails(r -> r.jobId(jobId).clientToken(CLIENT_TOKEN)).jobDetails();
  }

  PipelineExecutionStatus awaitEnd(String pipeline) {
    await().atMost(PATIENCE).until(() -> client.listPipelineExecutions(r -> r.pipelineName(pipeline))
        .pipelineExecutionSummaries().stream().anyMatch(e -> e.status() != PipelineExecutionStatus.IN_PROGRESS));
    return client.listPipelineExecutions(r -> r.pipelineName(pipeline)).pipelineExecutionSummaries().get(0).status();
  }

  @Test
  @DisplayName("a partner's worker polls, reads the details with its client token, acknowledges, continues once and"
      + " succeeds; the job is not reachable through the custom-action operations")
  void partnerJobRunsToSuccess() {
    client.createPipeline(r -> r.pipeline(sourcePartnerDeploy("partner-happy")));

    ThirdPartyJob job = pollFor("partner-happy");
    assertThat(job.clientId()).isEqualTo(CLIENT_ID);
    ThirdPartyJobDetails details = details(job.jobId());
    assertThat(details.id()).isEqualTo(job.jobId());
    assertThat(details.nonce()).isNotBlank();
    assertThat(details.data().actionTypeId()).isEqualTo(PARTNER);
    assertThat(details.data().actionConfiguration().configuration()).containsEntry("Environment", "prod");
    assertThat(details.data().pipelineContext().stage().name()).isEqualTo("Deploy");
    assertThat(details.data().pipelineContext().action().name()).isEqualTo("Partner");
    assertThat(details.data().pipelineContext().pipelineArn()).isNull();
    assertThat(details.data().pipelineContext().pipelineExecutionId()).isNull();
    assertThat(details.data().inputArtifacts()).singleElement()
        .satisfies(a -> assertThat(CustomPipelines.entry(CustomPipelines.artifactFile(
            software.amazon.awssdk.services.codepipeline.model.Artifact.builder().location(a.location()).build()),
            "README.md")).isEqualTo("# app\n"));
    assertThat(details.data().artifactCredentials().accessKeyId()).isNotBlank();
    assertThatThrownBy(() -> client.getJobDetails(r -> r.jobId(job.jobId())))
        .isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> client.acknowledgeJob(r -> r.jobId(job.jobId()).nonce(details.nonce())))
        .isInstanceOf(JobNotFoundException.class);

    assertThat(client.acknowledgeThirdPartyJob(r -> r.jobId(job.jobId()).nonce(details.nonce())
        .clientToken(CLIENT_TOKEN)).status()).isEqualTo(JobStatus.IN_PROGRESS);
    assertThatThrownBy(() -> client.acknowledgeThirdPartyJob(r -> r.jobId(job.jobId()).nonce(details.nonce())
        .clientToken(CLIENT_TOKEN))).isInstanceOf(InvalidNonceException.class);
    client.putThirdPartyJobSuccessResult(r -> r.jobId(job.jobId()).clientToken(CLIENT_TOKEN)
        .continuationToken("deploying").executionDetails(d -> d.summary("deploying").percentComplete(40)));

    ThirdPartyJob next = pollFor("partner-happy");
    assertThat(next.jobId()).isNotEqualTo(job.jobId());
    ThirdPartyJobDetails again = details(next.jobId());
    assertThat(again.data().continuationToken()).isEqualTo("deploying");
    client.acknowledgeThirdPartyJob(r -> r.jobId(next.jobId()).nonce(again.nonce()).clientToken(CLIENT_TOKEN));
    client.putThirdPartyJobSuccessResult(r -> r.jobId(next.jobId()).clientToken(CLIENT_TOKEN)
        .executionDetails(d -> d.summary("deployed to prod").externalExecutionId("partner-42")));

    assertThat(awaitEnd("partner-happy")).isEqualTo(PipelineExecutionStatus.SUCCEEDED);
    var action = client.listActionExecutions(r -> r.pipelineName("partner-happy")).actionExecutionDetails().stream()
        .filter(d -> d.actionName().equals("Partner")).findFirst().orElseThrow();
    assertThat(action.output().executionResult().externalExecutionSummary()).isEqualTo("deployed to prod");
    assertThatThrownBy(() -> client.putThirdPartyJobSuccessResult(r -> r.jobId(next.jobId())
        .clientToken(CLIENT_TOKEN))).isInstanceOf(InvalidJobStateException.class);
  }

  @Test
  @DisplayName("PutThirdPartyJobFailureResult fails the action with the partner's message; a wrong client token is"
      + " refused before anything changes")
  void partnerJobFails() {
    client.createPipeline(r -> r.pipeline(sourcePartnerDeploy("partner-fail")));
    ThirdPartyJob job = pollFor("partner-fail");

    assertThatThrownBy(() -> client.getThirdPartyJobDetails(r -> r.jobId(job.jobId()).clientToken("guess")))
        .isInstanceOf(InvalidClientTokenException.class);
    assertThatThrownBy(() -> client.putThirdPartyJobFailureResult(r -> r.jobId(job.jobId()).clientToken("guess")
        .failureDetails(f -> f.type(FailureType.JOB_FAILED).message("x"))))
        .isInstanceOf(InvalidClientTokenException.class);
    assertThat(client.listPipelineExecutions(r -> r.pipelineName("partner-fail")).pipelineExecutionSummaries()
        .get(0).status()).isEqualTo(PipelineExecutionStatus.IN_PROGRESS);

    client.putThirdPartyJobFailureResult(r -> r.jobId(job.jobId()).clientToken(CLIENT_TOKEN)
        .failureDetails(f -> f.type(FailureType.CONFIGURATION_ERROR).message("environment prod is frozen")));

    assertThat(awaitEnd("partner-fail")).isEqualTo(PipelineExecutionStatus.FAILED);
    var state = client.getPipelineState(r -> r.name("partner-fail")).stageStates().stream()
        .filter(s -> s.stageName().equals("Deploy")).findFirst().orElseThrow().actionStates().get(0);
    assertThat(state.latestExecution().errorDetails().message()).isEqualTo("environment prod is frozen");
  }

  @Test
  @DisplayName("bad input: unknown and non-partner types, unknown jobs, answer with AWS's exception names")
  void badInput() {
    assertThatThrownBy(() -> client.pollForThirdPartyJobs(r -> r.actionTypeId(PARTNER.toBuilder()
        .provider("NoSuchPartner").build()))).isInstanceOf(ActionTypeNotFoundException.class)
        .hasMessageContaining("NoSuchPartner");
    assertThatThrownBy(() -> client.pollForThirdPartyJobs(r -> r.actionTypeId(
        SdkPipelines.type(ActionCategory.SOURCE, "S3")))).isInstanceOf(ActionTypeNotFoundException.class);
    assertThatThrownBy(() -> client.getThirdPartyJobDetails(r -> r.jobId("no-such-job").clientToken(CLIENT_TOKEN)))
        .isInstanceOf(JobNotFoundException.class);
    assertThatThrownBy(() -> client.acknowledgeThirdPartyJob(r -> r.jobId("no-such-job").nonce("n")
        .clientToken(CLIENT_TOKEN))).isInstanceOf(JobNotFoundException.class);
  }

  @Test
  @DisplayName("the AWS CLI polls for a partner job and reads its details with the client token")
  void cliPollsForThirdPartyJobs() throws Exception {
    assumeTrue(TourScript.installed("aws"), "the AWS CLI is needed");
    client.createPipeline(r -> r.pipeline(sourcePartnerDeploy("partner-cli")));
    List<String> jobIds = new ArrayList<>();
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
      JsonNode polled = cli("poll-for-third-party-jobs", "--action-type-id",
          "category=Deploy,owner=ThirdParty,provider=PartnerDeploy,version=1", "--max-batch-size", "5");
      for (JsonNode job : polled.path("jobs")) {
        assertThat(job.get("clientId").asText()).isEqualTo(CLIENT_ID);
        if (details(job.get("jobId").asText()).data().pipelineContext().pipelineName().equals("partner-cli")) {
          jobIds.add(job.get("jobId").asText());
        }
      }
      return !jobIds.isEmpty();
    });
    JsonNode details = cli("get-third-party-job-details", "--job-id", jobIds.get(0), "--client-token", CLIENT_TOKEN);
    assertThat(details.at("/jobDetails/data/actionConfiguration/configuration/Environment").asText()).isEqualTo("prod");
    assertThat(details.at("/jobDetails/nonce").asText()).isNotBlank();

    client.putThirdPartyJobFailureResult(r -> r.jobId(jobIds.get(0)).clientToken(CLIENT_TOKEN)
        .failureDetails(f -> f.type(FailureType.JOB_FAILED).message("cli test done")));
    assertThat(awaitEnd("partner-cli")).isEqualTo(PipelineExecutionStatus.FAILED);
  }

  JsonNode cli(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("aws", "codepipeline"));
    command.addAll(List.of(arguments));
    command.addAll(List.of("--endpoint-url", "http://127.0.0.1:" + port, "--region", "us-east-1", "--output", "json"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("AWS_ACCESS_KEY_ID", ApiProperties.DEFAULT_ACCESS_KEY_ID);
    builder.environment().put("AWS_SECRET_ACCESS_KEY", ApiProperties.DEFAULT_SECRET_ACCESS_KEY);
    builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
    builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
    builder.environment().put("AWS_PAGER", "");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return new ObjectMapper().readTree(output.isBlank() ? "{}" : output);
  }
}

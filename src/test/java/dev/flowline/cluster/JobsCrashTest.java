package dev.flowline.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.actions.invoke.LambdaDouble;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionCategory;
import software.amazon.awssdk.services.codepipeline.model.ActionDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ActionOwner;
import software.amazon.awssdk.services.codepipeline.model.ActionTypeId;
import software.amazon.awssdk.services.codepipeline.model.ArtifactStoreType;
import software.amazon.awssdk.services.codepipeline.model.InputArtifact;
import software.amazon.awssdk.services.codepipeline.model.InvalidNonceException;
import software.amazon.awssdk.services.codepipeline.model.Job;
import software.amazon.awssdk.services.codepipeline.model.OutputArtifact;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.StageDeclaration;

/**
 * "Jobs are durable": a job handed to a remote worker and acknowledged is kept across a SIGKILL of the Flowline
 * that handed it out; the next Flowline on the same data knows the job, its used nonce, and takes its report.
 */
class JobsCrashTest {

  @TempDir Path dataDir;
  final List<FlowlineNode> nodes = new ArrayList<>();

  @AfterEach
  void stopNodes() {
    nodes.forEach(FlowlineNode::close);
  }

  @Test
  @DisplayName("given an acknowledged job, when the node is killed with SIGKILL and a new node starts on the same data,"
      + " then the new node knows the job and its used nonce, and the worker's success report ends the execution"
      + " Succeeded")
  void givenAnAcknowledgedJob_whenTheNodeIsKilled_thenTheNextNodeTakesItsReport(TestInfo test) throws Exception {
    Path logs = CrashRecoveryTest.logDirectory(test);
    String name = NodePipelines.uniqueName("crash-job");
    NodePipelines.putSource(dataDir, name);
    ActionTypeId type = ActionTypeId.builder().category(ActionCategory.TEST).owner(ActionOwner.CUSTOM)
        .provider("CrashTool").version("1").build();

    FlowlineNode first = start("first", logs);
    Job job;
    try (CodePipelineClient api = first.codePipeline()) {
      api.createCustomActionType(r -> r.category(ActionCategory.TEST).provider("CrashTool").version("1")
          .inputArtifactDetails(d -> d.minimumCount(0).maximumCount(1))
          .outputArtifactDetails(d -> d.minimumCount(0).maximumCount(0)));
      api.createPipeline(r -> r.pipeline(p -> p.name(name).roleArn("arn:aws:iam::123456789012:role/flowline")
          .artifactStore(s -> s.type(ArtifactStoreType.S3).location("flowline-artifacts"))
          .stages(StageDeclaration.builder().name("Source").actions(ActionDeclaration.builder().name("Fetch")
                  .actionTypeId(t -> t.category(ActionCategory.SOURCE).owner(ActionOwner.AWS).provider("S3").version("1"))
                  .configuration(Map.of("S3Bucket", "src-" + name, "S3ObjectKey", "app.zip",
                      "PollForSourceChanges", "false"))
                  .outputArtifacts(OutputArtifact.builder().name("SourceOutput").build()).build()).build(),
              StageDeclaration.builder().name("Test").actions(ActionDeclaration.builder().name("External")
                  .actionTypeId(type).inputArtifacts(InputArtifact.builder().name("SourceOutput").build())
                  .build()).build())));
      job = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> api.pollForJobs(r -> r.actionTypeId(type)).jobs(), jobs -> !jobs.isEmpty()).get(0);
      api.acknowledgeJob(r -> r.jobId(job.id()).nonce(job.nonce()));
    }
    first.kill();

    FlowlineNode second = start("second", logs);
    try (CodePipelineClient api = second.codePipeline()) {
      assertThat(api.getJobDetails(r -> r.jobId(job.id())).jobDetails().data().pipelineContext().pipelineName())
          .isEqualTo(name);
      assertThatThrownBy(() -> api.acknowledgeJob(r -> r.jobId(job.id()).nonce(job.nonce())))
          .isInstanceOf(InvalidNonceException.class);
      api.putJobSuccessResult(r -> r.jobId(job.id()).outputVariables(Map.of("Outcome", "survived")));
      String executionId = job.data().pipelineContext().pipelineExecutionId();
      await().atMost(Duration.ofSeconds(60)).until(() -> api.getPipelineExecution(r -> r.pipelineName(name)
          .pipelineExecutionId(executionId)).pipelineExecution().status() != PipelineExecutionStatus.IN_PROGRESS);
      assertThat(api.getPipelineExecution(r -> r.pipelineName(name).pipelineExecutionId(executionId))
          .pipelineExecution().status()).isEqualTo(PipelineExecutionStatus.SUCCEEDED);
    }
  }

  @Test
  @DisplayName("given a Lambda function invoked with its job, when the node is killed with SIGKILL and a new node starts"
      + " on the same data, then the function's PutJobSuccessResult to the new node ends the execution Succeeded and"
      + " the function is not invoked a second time")
  void givenAnInvokedLambdaFunction_whenTheNodeIsKilled_thenTheNextNodeTakesItsReport(TestInfo test)
      throws Exception {
    Path logs = CrashRecoveryTest.logDirectory(test);
    String name = NodePipelines.uniqueName("crash-lambda");
    NodePipelines.putSource(dataDir, name);
    try (LambdaDouble lambda = LambdaDouble.start()) {
      lambda.addFunction("deploy-check");
      Map<String, String> aws = Map.of("flowline.aws.endpoints.lambda", lambda.endpoint().toString(),
          "flowline.jobs.hand-off-interval", "200ms");
      FlowlineNode first = start("first", logs, aws);
      try (CodePipelineClient api = first.codePipeline()) {
        api.createPipeline(r -> r.pipeline(p -> p.name(name).roleArn("arn:aws:iam::123456789012:role/flowline")
            .artifactStore(s -> s.type(ArtifactStoreType.S3).location("flowline-artifacts"))
            .stages(StageDeclaration.builder().name("Source").actions(ActionDeclaration.builder().name("Fetch")
                    .actionTypeId(t -> t.category(ActionCategory.SOURCE).owner(ActionOwner.AWS).provider("S3")
                        .version("1"))
                    .configuration(Map.of("S3Bucket", "src-" + name, "S3ObjectKey", "app.zip",
                        "PollForSourceChanges", "false"))
                    .outputArtifacts(OutputArtifact.builder().name("SourceOutput").build()).build()).build(),
                StageDeclaration.builder().name("Invoke").actions(ActionDeclaration.builder().name("Check")
                    .actionTypeId(t -> t.category(ActionCategory.INVOKE).owner(ActionOwner.AWS).provider("Lambda")
                        .version("1"))
                    .configuration(Map.of("FunctionName", "deploy-check"))
                    .inputArtifacts(InputArtifact.builder().name("SourceOutput").build()).build()).build())));
        await().atMost(Duration.ofSeconds(90)).until(() -> !lambda.invocations("deploy-check").isEmpty());
        // the hand-off is recorded right after Lambda answers the invocation
        Thread.sleep(2000);
      }
      first.kill();
      String jobId = new ObjectMapper().readTree(lambda.invocations("deploy-check").get(0).payload())
          .at("/CodePipeline.job/id").asText();

      FlowlineNode second = start("second", logs, aws);
      try (CodePipelineClient api = second.codePipeline()) {
        String executionId = api.getJobDetails(r -> r.jobId(jobId)).jobDetails().data().pipelineContext()
            .pipelineExecutionId();
        api.putJobSuccessResult(r -> r.jobId(jobId).outputVariables(Map.of("Outcome", "survived")));
        await().atMost(Duration.ofSeconds(60)).until(() -> api.getPipelineExecution(r -> r.pipelineName(name)
            .pipelineExecutionId(executionId)).pipelineExecution().status() != PipelineExecutionStatus.IN_PROGRESS);
        assertThat(api.getPipelineExecution(r -> r.pipelineName(name).pipelineExecutionId(executionId))
            .pipelineExecution().status()).isEqualTo(PipelineExecutionStatus.SUCCEEDED);
        assertThat(lambda.invocations("deploy-check")).hasSize(1);
      }
    }
  }

  private FlowlineNode start(String nodeName, Path logs) throws Exception {
    return start(nodeName, logs, Map.of());
  }

  private FlowlineNode start(String nodeName, Path logs, Map<String, String> extra) throws Exception {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("flowline.data-dir", dataDir.toString());
    properties.put("flowline.demo.enabled", "false");
    properties.putAll(extra);
    FlowlineNode node = FlowlineNode.start(nodeName, logs, properties);
    nodes.add(node);
    return node;
  }
}

package dev.flowline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.AwsFlowlineTest;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.artifacts.ArtifactStore;
import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.ExecutionQueries;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/** examples/cloudformation.json against moto: change set, approval, execute. */
class CloudFormationExampleTest extends AwsFlowlineTest {

  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @Autowired ArtifactStore artifacts;
  @Autowired AwsClients aws;
  @LocalServerPort int port;

  @Test
  @DisplayName("cloudformation: the change set waits for the approval with the stack untouched; approved, it is "
      + "executed and the stack exists with the template configuration's and the override's parameters")
  void changeSetApprovalExecute() throws Exception {
    ExampleRunner examples = new ExampleRunner(pipelines, executions, queries, artifacts,
        new Tasklist(port, "admin", "admin"));
    CloudFormationClient cloudFormation = aws.client("cloudformation", CloudFormationClient::builder, "us-east-1", null);

    ExampleRunner.Run run = examples.run("cloudformation.json", "cloudformation-app", (r, approval) -> {
      assertThat(stack(cloudFormation).stackStatus()).isEqualTo(StackStatus.REVIEW_IN_PROGRESS);
      assertThat(r.action("CreateChangeSet").status()).isEqualTo("Succeeded");
      assertThat(approval.customData()).isEqualTo("Review change set release-" + r.executionId
          + " of stack flowline-example-production, then approve to execute it.");
    });

    assertThat(run.status()).as(run.describe()).isEqualTo("Succeeded");
    assertThat(run.actions()).containsOnlyKeys("Source", "CreateChangeSet", "ApproveChangeSet", "ExecuteChangeSet");
    assertThat(run.approvals).hasSize(1);
    Stack stack = stack(cloudFormation);
    assertThat(stack.stackStatus()).isEqualTo(StackStatus.CREATE_COMPLETE);
    Map<String, String> parameters = new java.util.HashMap<>();
    stack.parameters().forEach(p -> parameters.put(p.parameterKey(), p.parameterValue()));
    assertThat(parameters).containsEntry("Environment", "production");
    assertThat(parameters.get("SourceBucket")).isEqualTo(
        run.action("Source").output().outputArtifacts().get(0).s3location().bucket());
    assertThat(run.action("ExecuteChangeSet").output().executionResult().externalExecutionId())
        .isEqualTo(stack.stackId());
  }

  private static Stack stack(CloudFormationClient cloudFormation) {
    return cloudFormation.describeStacks(b -> b.stackName("flowline-example-production")).stacks().get(0);
  }
}

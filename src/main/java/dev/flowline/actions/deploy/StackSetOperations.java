package dev.flowline.actions.deploy;

import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputFiles.InvalidFileReference;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.CheckedClient;
import dev.flowline.actions.aws.AwsErrors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.StackSet;
import software.amazon.awssdk.services.cloudformation.model.StackSetNotFoundException;
import software.amazon.awssdk.services.cloudformation.model.StackSetOperation;
import software.amazon.awssdk.services.cloudformation.model.StackSetOperationResultSummary;
import software.amazon.awssdk.services.cloudformation.model.StackSetOperationStatus;

/**
 * What both stack set providers do around the one operation an action starts: its id, the look before acting,
 * and the wait for its end. The operation id is derived from the action execution id and passed as
 * {@code OperationId}, CloudFormation's idempotency token for stack set operations, so a first call repeated after
 * a crash finds (ListStackSetOperations) and waits for the operation it started. The continuation token is the
 * operation id. SUCCEEDED succeeds with the variables {@code StackSetId} and {@code OperationId}; FAILED and
 * STOPPED fail with the status reasons of the instances that failed.
 */
final class StackSetOperations {

  private final CloudFormationClient client;
  private final String stackSetName;
  private final Duration recheckAfter;

  StackSetOperations(CloudFormationClient client, String stackSetName, Duration recheckAfter) {
    this.client = client;
    this.stackSetName = stackSetName;
    this.recheckAfter = recheckAfter;
  }

  /** How a provider starts its one operation, once the stack set is named and its client built. */
  interface Start {
    ActionResult start(CloudFormationClient client, StackSetOperations operations, String name, ActionJob job,
        ActionContext context) throws Exception;
  }

  /**
   * One call of either provider: the checked configuration and client, then the wait for the operation started
   * before (a continuation) or {@code start}, with its failures as CodePipeline reports them.
   */
  static ActionResult execute(AwsClients clients, Duration recheckAfter, ActionJob job, ActionContext context,
      Start start) throws Exception {
    CheckedClient<CloudFormationClient> checked =
        clients.checked(job, "cloudformation", CloudFormationClient::builder, "StackSetName");
    if (checked.failed()) {
      return checked.failure();
    }
    String name = job.config("StackSetName").strip();
    StackSetOperations operations = new StackSetOperations(checked.client(), name, recheckAfter);
    if (job.continuationToken() != null) {
      return operations.check(job.continuationToken(), context);
    }
    try {
      return start.start(checked.client(), operations, name, job, context);
    } catch (InvalidFileReference e) {
      return ActionResult.Failed.configurationError(e.getMessage());
    } catch (SdkClientException e) {
      return ActionResult.Failed.jobFailed("Error calling CloudFormation: " + AwsErrors.message(e));
    } catch (SdkException e) {
      return ActionResult.Failed.jobFailed(AwsErrors.message(e));
    }
  }

  /** The operation id of this action execution: the same on every call of the job. */
  static String operationId(ActionJob job) {
    return "flowline-" + UUID.nameUUIDFromBytes(job.actionExecutionId().getBytes(StandardCharsets.UTF_8));
  }

  Optional<StackSet> describe() {
    try {
      return Optional.of(client.describeStackSet(b -> b.stackSetName(stackSetName)).stackSet());
    } catch (StackSetNotFoundException e) {
      return Optional.empty();
    }
  }

  /** Whether an operation with this id exists on the stack set (started by an earlier call of the same job). */
  boolean started(String operationId) {
    return client.listStackSetOperationsPaginator(b -> b.stackSetName(stackSetName)).summaries().stream()
        .anyMatch(o -> operationId.equals(o.operationId()));
  }

  ActionResult waiting(String operationId, String summary) {
    return new ActionResult.InProgress(operationId, recheckAfter, summary, operationId, null, null);
  }

  /** One look at the operation: in progress, succeeded or failed. */
  ActionResult check(String operationId, ActionContext context) {
    try {
      StackSetOperation operation = client.describeStackSetOperation(b -> b.stackSetName(stackSetName)
          .operationId(operationId)).stackSetOperation();
      StackSetOperationStatus status = operation.status();
      if (status == StackSetOperationStatus.SUCCEEDED) {
        context.log().println("[Flowline] Stack set " + stackSetName + ": operation " + operationId + " SUCCEEDED");
        return new ActionResult.Succeeded(Map.of(), Map.of("StackSetId", operation.stackSetId(),
            "OperationId", operationId), "Stack set " + stackSetName + ": operation " + operation.actionAsString()
            + " succeeded", operationId, null, null);
      }
      if (status == StackSetOperationStatus.FAILED || status == StackSetOperationStatus.STOPPED) {
        String reasons = client.listStackSetOperationResultsPaginator(b -> b.stackSetName(stackSetName)
                .operationId(operationId)).summaries().stream()
            .filter(r -> r.statusReason() != null && !"SUCCEEDED".equals(r.statusAsString()))
            .map(StackSetOperations::describe).collect(Collectors.joining("; "));
        String message = "Stack set " + stackSetName + ": operation " + operation.actionAsString() + " "
            + operation.statusAsString() + (operation.statusReason() == null ? "" : ": " + operation.statusReason())
            + (reasons.isEmpty() ? "" : ": " + reasons);
        context.log().println("[Flowline] " + message);
        return new ActionResult.Failed("JobFailed", message, operationId, null);
      }
      return waiting(operationId, "Stack set " + stackSetName + ": operation " + operation.actionAsString() + " is "
          + operation.statusAsString());
    } catch (SdkClientException e) {
      context.log().println("[Flowline] Could not reach CloudFormation; trying again: " + AwsErrors.message(e));
      return waiting(operationId, "Stack set " + stackSetName + ": status unknown");
    } catch (SdkException e) {
      return ActionResult.Failed.jobFailed(AwsErrors.message(e));
    }
  }

  private static String describe(StackSetOperationResultSummary result) {
    return result.account() + "/" + result.region() + " " + result.statusAsString() + ": " + result.statusReason();
  }
}

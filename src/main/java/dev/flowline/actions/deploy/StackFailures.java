package dev.flowline.actions.deploy;

import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ResourceStatus;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/** Why a stack ended in a failed state: the first resource of its last operation that failed, with its reason. */
final class StackFailures {

  private StackFailures() {}

  static String message(CloudFormationClient client, Stack stack) {
    List<StackEvent> events;
    try {
      events = client.describeStackEvents(b -> b.stackName(stack.stackId())).stackEvents();
    } catch (SdkException e) {
      events = List.of();
    }
    return message(stack, events);
  }

  /** {@code events} newest first, as DescribeStackEvents returns them. */
  static String message(Stack stack, List<StackEvent> events) {
    String prefix = "Stack " + stack.stackName() + " is in " + stack.stackStatusAsString() + " state";
    StackEvent firstFailure = null;
    for (StackEvent event : events) {
      if (isFailure(event) && !stack.stackId().equals(event.physicalResourceId())
          && !stack.stackName().equals(event.logicalResourceId())) {
        firstFailure = event;
      }
      if (stack.stackName().equals(event.logicalResourceId()) && "User Initiated".equals(event.resourceStatusReason())) {
        break;
      }
    }
    if (firstFailure != null) {
      return prefix + ": resource " + firstFailure.logicalResourceId() + " (" + firstFailure.resourceType() + ") "
          + firstFailure.resourceStatusAsString() + ": " + firstFailure.resourceStatusReason();
    }
    String reason = stack.stackStatusReason();
    return reason == null || reason.isBlank() ? prefix : prefix + ": " + reason;
  }

  private static boolean isFailure(StackEvent event) {
    ResourceStatus status = event.resourceStatus();
    return status != null && status.toString().endsWith("_FAILED") && event.resourceStatusReason() != null;
  }
}

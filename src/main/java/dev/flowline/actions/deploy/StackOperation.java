package dev.flowline.actions.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputFiles;
import dev.flowline.actions.InputFiles.InvalidFileReference;
import dev.flowline.actions.aws.AwsErrors;
import dev.flowline.artifacts.Zips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetNotFoundException;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetStatus;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.ExecutionStatus;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/**
 * One call of a CloudFormation action: the operations it may start and what a continuation token waits for.
 * A token is {@code KIND|id}: {@code STACK|<stack id>} waits for a create, update or executed change set,
 * {@code DELETE|<stack id>} for a deletion, {@code REPLACE|<stack id>} for the deletion of a failed stack that is
 * then created again, {@code CHANGE_SET|<change set id>} for a change set being created.
 */
final class StackOperation {

  static final String STACK = "STACK";
  static final String DELETE = "DELETE";
  static final String REPLACE = "REPLACE";
  static final String CHANGE_SET = "CHANGE_SET";

  /** The states CREATE_UPDATE cannot update and REPLACE_ON_FAILURE deletes and creates again. */
  private static final Set<StackStatus> FAILED = Set.of(StackStatus.ROLLBACK_COMPLETE, StackStatus.ROLLBACK_FAILED,
      StackStatus.CREATE_FAILED, StackStatus.DELETE_FAILED, StackStatus.UPDATE_ROLLBACK_FAILED);
  private static final Set<StackStatus> DONE = Set.of(StackStatus.CREATE_COMPLETE, StackStatus.UPDATE_COMPLETE,
      StackStatus.IMPORT_COMPLETE);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final CloudFormationClient client;
  private final CloudFormationConfig config;
  private final ActionJob job;
  private final ActionContext context;
  private final Duration recheckAfter;

  StackOperation(CloudFormationClient client, CloudFormationConfig config, ActionJob job, ActionContext context,
      Duration recheckAfter) {
    this.client = client;
    this.config = config;
    this.job = job;
    this.context = context;
    this.recheckAfter = recheckAfter;
  }

  static boolean isFailed(Stack stack) {
    return FAILED.contains(stack.stackStatus());
  }

  Optional<Stack> describe(String stackNameOrId) {
    try {
      List<Stack> stacks = client.describeStacks(b -> b.stackName(stackNameOrId)).stacks();
      return stacks.isEmpty() ? Optional.empty() : Optional.of(stacks.get(0));
    } catch (AwsServiceException e) {
      if (String.valueOf(AwsErrors.message(e)).contains("does not exist")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  ActionResult create(StackInputs inputs) {
    String stackId;
    try {
      stackId = client.createStack(b -> b.stackName(config.stackName()).templateBody(inputs.templateBody())
          .parameters(parameters(inputs)).tags(tags(inputs)).capabilities(capabilities()).roleARN(config.roleArn())
          .clientRequestToken(requestToken("create"))).stackId();
    } catch (AlreadyExistsException e) {
      // our own CreateStack of a call that crashed before its token was saved: wait for that stack
      Stack existing = describe(config.stackName()).orElseThrow(() -> e);
      return waitFor(STACK, existing.stackId(), "Stack " + config.stackName() + " is being created");
    }
    log("Creating stack " + config.stackName() + " (" + stackId + ")");
    return waitFor(STACK, stackId, "Creating stack " + config.stackName());
  }

  ActionResult update(Stack stack, StackInputs inputs) {
    StackStatus status = stack.stackStatus();
    if (isInProgress(status)) {
      log("Stack " + config.stackName() + " is " + status + "; waiting for it");
      return waitFor(STACK, stack.stackId(), "Stack " + config.stackName() + " is " + status);
    }
    if (isFailed(stack) || status == StackStatus.REVIEW_IN_PROGRESS) {
      return ActionResult.Failed.jobFailed("Stack " + config.stackName() + " is in " + status
          + " state and can not be updated.");
    }
    try {
      client.updateStack(b -> b.stackName(stack.stackId()).templateBody(inputs.templateBody())
          .parameters(parameters(inputs)).tags(tags(inputs)).capabilities(capabilities()).roleARN(config.roleArn())
          .clientRequestToken(requestToken("update")));
    } catch (AwsServiceException e) {
      if (noChanges(e)) {
        log("No updates are to be performed on stack " + config.stackName());
        return succeeded(stack, "No updates are to be performed.");
      }
      throw e;
    }
    log("Updating stack " + config.stackName());
    return waitFor(STACK, stack.stackId(), "Updating stack " + config.stackName());
  }

  ActionResult delete(Optional<Stack> stack, String kind) {
    if (stack.isEmpty() || stack.get().stackStatus() == StackStatus.DELETE_COMPLETE) {
      return ActionResult.Succeeded.withSummary("Stack " + config.stackName() + " does not exist");
    }
    if (stack.get().stackStatus() != StackStatus.DELETE_IN_PROGRESS) {
      client.deleteStack(b -> b.stackName(stack.get().stackId()).roleARN(config.roleArn())
          .clientRequestToken(requestToken("delete")));
      log("Deleting stack " + config.stackName() + " (" + stack.get().stackStatus() + ")");
    }
    return waitFor(kind, stack.get().stackId(), "Deleting stack " + config.stackName());
  }

  ActionResult replaceChangeSet(Optional<Stack> stack, StackInputs inputs) {
    Optional<DescribeChangeSetResponse> existing = changeSet(config.changeSetName());
    if (existing.isPresent()) {
      if (marker().equals(existing.get().description())) {
        return waitFor(CHANGE_SET, existing.get().changeSetId(), "Creating change set " + config.changeSetName());
      }
      client.deleteChangeSet(b -> b.stackName(config.stackName()).changeSetName(config.changeSetName()));
      log("Deleted the previous change set " + config.changeSetName());
    }
    boolean creates = stack.isEmpty() || stack.get().stackStatus() == StackStatus.REVIEW_IN_PROGRESS
        || stack.get().stackStatus() == StackStatus.DELETE_COMPLETE;
    String id;
    try {
      id = client.createChangeSet(b -> b.stackName(config.stackName()).changeSetName(config.changeSetName())
          .changeSetType(creates ? ChangeSetType.CREATE : ChangeSetType.UPDATE).templateBody(inputs.templateBody())
          .parameters(parameters(inputs)).tags(tags(inputs)).capabilities(capabilities()).roleARN(config.roleArn())
          .description(marker()).clientToken(requestToken("changeset"))).id();
    } catch (AwsServiceException e) {
      if (noChanges(e)) {
        log("Change set " + config.changeSetName() + " has no changes");
        return succeeded(stack.orElse(null), "No updates are to be performed.");
      }
      throw e;
    }
    log("Creating change set " + config.changeSetName() + " of stack " + config.stackName());
    return waitFor(CHANGE_SET, id, "Creating change set " + config.changeSetName());
  }

  ActionResult executeChangeSet() {
    Optional<DescribeChangeSetResponse> changeSet = changeSet(config.changeSetName());
    if (changeSet.isEmpty()) {
      return ActionResult.Failed.jobFailed("ChangeSet [" + config.changeSetName() + "] does not exist for stack "
          + config.stackName());
    }
    DescribeChangeSetResponse found = changeSet.get();
    ExecutionStatus execution = found.executionStatus();
    if (execution == ExecutionStatus.AVAILABLE) {
      client.executeChangeSet(b -> b.changeSetName(found.changeSetId()).clientRequestToken(requestToken("execute")));
      log("Executing change set " + config.changeSetName() + " of stack " + config.stackName());
    } else if (execution == ExecutionStatus.EXECUTE_IN_PROGRESS || execution == ExecutionStatus.EXECUTE_COMPLETE) {
      log("Change set " + config.changeSetName() + " is " + execution + " already; waiting for the stack");
    } else if (found.status() == ChangeSetStatus.FAILED && noChanges(found.statusReason())) {
      return succeeded(describe(config.stackName()).orElse(null), "No updates are to be performed.");
    } else {
      return ActionResult.Failed.jobFailed("Change set " + config.changeSetName() + " cannot be executed: "
          + "status " + found.statusAsString() + ", execution status " + found.executionStatusAsString()
          + (found.statusReason() == null ? "" : ": " + found.statusReason()));
    }
    return waitFor(STACK, found.stackId(), "Executing change set " + config.changeSetName());
  }

  /** What the operation named by {@code token} has come to. */
  ActionResult check(String token) throws IOException {
    int bar = token.indexOf('|');
    String kind = bar < 0 ? "" : token.substring(0, bar);
    String id = token.substring(bar + 1);
    if (kind.equals(CHANGE_SET)) {
      return checkChangeSet(id);
    }
    Optional<Stack> stack = describe(id);
    StackStatus status = stack.map(Stack::stackStatus).orElse(StackStatus.DELETE_COMPLETE);
    if (isInProgress(status)) {
      return waitFor(kind, id, "Stack " + config.stackName() + " is " + status);
    }
    if (kind.equals(DELETE) || kind.equals(REPLACE)) {
      if (status != StackStatus.DELETE_COMPLETE) {
        return failed(stack.get());
      }
      log("Stack " + config.stackName() + " deleted");
      if (kind.equals(DELETE)) {
        return ActionResult.Succeeded.withSummary("Stack " + config.stackName() + " was deleted");
      }
      try {
        return create(StackInputs.read(config, new InputFiles(job, context)));
      } catch (InvalidFileReference e) {
        return ActionResult.Failed.configurationError(e.getMessage());
      }
    }
    if (stack.isPresent() && DONE.contains(status)) {
      log("Stack " + config.stackName() + " is " + status);
      return succeeded(stack.get(), "Stack " + config.stackName() + " is " + status);
    }
    return stack.isPresent() ? failed(stack.get())
        : ActionResult.Failed.jobFailed("Stack " + config.stackName() + " does not exist (any more)");
  }

  private ActionResult checkChangeSet(String id) throws IOException {
    DescribeChangeSetResponse changeSet = client.describeChangeSet(b -> b.changeSetName(id));
    ChangeSetStatus status = changeSet.status();
    if (status == ChangeSetStatus.CREATE_PENDING || status == ChangeSetStatus.CREATE_IN_PROGRESS) {
      return waitFor(CHANGE_SET, id, "Change set " + config.changeSetName() + " is " + status);
    }
    Stack stack = describe(changeSet.stackId()).filter(s -> s.stackStatus() != StackStatus.REVIEW_IN_PROGRESS)
        .orElse(null);
    if (status == ChangeSetStatus.CREATE_COMPLETE) {
      log("Change set " + config.changeSetName() + " created");
      return succeeded(stack, "Change set " + config.changeSetName() + " created");
    }
    if (noChanges(changeSet.statusReason())) {
      return succeeded(stack, "No updates are to be performed.");
    }
    return ActionResult.Failed.jobFailed("Change set " + config.changeSetName() + " failed: "
        + changeSet.statusReason());
  }

  private Optional<DescribeChangeSetResponse> changeSet(String name) {
    try {
      return Optional.of(client.describeChangeSet(b -> b.stackName(config.stackName()).changeSetName(name)));
    } catch (ChangeSetNotFoundException e) {
      return Optional.empty();
    } catch (AwsServiceException e) {
      String message = String.valueOf(AwsErrors.message(e));
      if (message.contains("does not exist") || message.contains("not found")) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private ActionResult failed(Stack stack) {
    String message = StackFailures.message(client, stack);
    log(message);
    return new ActionResult.Failed("JobFailed", message, stack.stackId(), null);
  }

  /** Success with the stack's outputs as variables and, with OutputFileName, as a JSON file in the output artifact. */
  private ActionResult succeeded(Stack stack, String summary) {
    Map<String, String> outputs = new LinkedHashMap<>();
    if (stack != null && stack.hasOutputs()) {
      for (Output output : stack.outputs()) {
        outputs.put(output.outputKey(), output.outputValue() == null ? "" : output.outputValue());
      }
    }
    Map<String, Path> artifacts = new LinkedHashMap<>();
    try {
      if (!job.outputArtifacts().isEmpty()) {
        Path directory = Files.createDirectories(context.workspace().resolve("output"));
        if (config.outputFileName() != null) {
          Path file = directory.resolve(config.outputFileName()).normalize();
          if (!file.startsWith(directory)) {
            return ActionResult.Failed.configurationError("OutputFileName '" + config.outputFileName()
                + "' must be a path inside the output artifact");
          }
          Files.createDirectories(file.getParent());
          Files.write(file, JSON.writeValueAsBytes(outputs));
        }
        Path zip = context.workspace().resolve("output.zip");
        Zips.zip(directory, zip);
        artifacts.put(job.outputArtifacts().get(0).name(), zip);
      }
    } catch (IOException e) {
      return ActionResult.Failed.jobFailed("Could not write the output artifact: " + e.getMessage());
    }
    return new ActionResult.Succeeded(artifacts, config.mode().exportsOutputs() ? outputs : Map.of(), summary,
        stack == null ? null : stack.stackId(), null, null);
  }

  private ActionResult waitFor(String kind, String id, String summary) {
    return new ActionResult.InProgress(kind + "|" + id, recheckAfter, summary, id, null, null);
  }

  private static boolean isInProgress(StackStatus status) {
    return status != StackStatus.REVIEW_IN_PROGRESS && status != null && status.toString().endsWith("_IN_PROGRESS");
  }

  private static boolean noChanges(AwsServiceException e) {
    return noChanges(AwsErrors.message(e));
  }

  private static boolean noChanges(String reason) {
    return reason != null && (reason.contains("No updates are to be performed")
        || reason.contains("didn't contain changes"));
  }

  /** Recognises a change set this action execution created (after a crash, before its token was saved). */
  private String marker() {
    return "Created by Flowline action execution " + job.actionExecutionId();
  }

  /** CloudFormation's ClientRequestToken: [a-zA-Z0-9][-a-zA-Z0-9]*, at most 128 characters. */
  private String requestToken(String step) {
    String token = ("flowline-" + step + "-" + job.actionExecutionId()).replaceAll("[^-a-zA-Z0-9]", "-");
    return token.length() > 128 ? token.substring(0, 128) : token;
  }

  private List<Parameter> parameters(StackInputs inputs) {
    return inputs.parameters().entrySet().stream()
        .map(e -> Parameter.builder().parameterKey(e.getKey()).parameterValue(e.getValue()).build()).toList();
  }

  private List<Tag> tags(StackInputs inputs) {
    return inputs.tags().entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
        .toList();
  }

  private List<Capability> capabilities() {
    return config.capabilities().stream().map(Capability::fromValue).toList();
  }

  private void log(String line) {
    context.log().println("[Flowline] " + line);
  }
}

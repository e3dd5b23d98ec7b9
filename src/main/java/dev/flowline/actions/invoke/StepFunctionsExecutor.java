package dev.flowline.actions.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputFiles;
import dev.flowline.actions.InputFiles.InvalidFileReference;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.AwsErrors;
import dev.flowline.actions.aws.CheckedClient;
import dev.flowline.artifacts.Zips;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/**
 * CodePipeline's Step Functions action, {@code Invoke/AWS/StepFunctions/1} (0-1 input, 0-1 output, 7 days):
 * StartExecution of {@code StateMachineArn} with {@code Input} (InputType {@code Literal}, the default, or
 * {@code FilePath}: a file of the input artifact), named {@code <ExecutionNamePrefix>-<action execution id>}
 * (or the id alone), then waits for the execution to end, holding no thread.
 *
 * <p>The name is the idempotency key: before starting, the first call describes the execution of that name, so
 * a call repeated after a crash waits for the execution it started instead of starting another (Step Functions
 * also refuses a second execution of one name). The token is the execution ARN. SUCCEEDED succeeds with the
 * variables {@code StateMachineArn} and {@code ExecutionArn} (and the execution's output as {@code output.json}
 * in the output artifact); FAILED, TIMED_OUT and ABORTED fail with the execution's error and cause.
 */
public final class StepFunctionsExecutor implements ActionExecutor {

  public static final ActionTypeSpec TYPE = new ActionTypeSpec(
      ActionTypeId.of("Invoke", "AWS", "StepFunctions", "1"), 0, 1, 0, 1, List.of(
          ConfigurationProperty.required("StateMachineArn", "The state machine to start"),
          ConfigurationProperty.optional("ExecutionNamePrefix", "Prefix of the execution name"),
          ConfigurationProperty.optional("InputType", "Literal (default) or FilePath"),
          ConfigurationProperty.optional("Input", "The input JSON (Literal) or its path in the input artifact")),
      false, Duration.ofDays(7));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_NAME = 80;

  private final AwsClients clients;
  private final Duration recheckAfter;

  public StepFunctionsExecutor(AwsClients clients, Duration recheckAfter) {
    this.clients = clients;
    this.recheckAfter = recheckAfter;
  }

  @Override
  public ActionTypeSpec type() {
    return TYPE;
  }

  @Override
  public ActionResult execute(ActionJob job, ActionContext context) throws Exception {
    CheckedClient<SfnClient> checked = clients.checked(job, "sfn", SfnClient::builder, "StateMachineArn");
    if (checked.failed()) {
      return checked.failure();
    }
    SfnClient client = checked.client();
    String stateMachineArn = job.config("StateMachineArn");
    try {
      if (job.continuationToken() != null) {
        return check(client, job, context, stateMachineArn, job.continuationToken());
      }
      return start(client, job, context, stateMachineArn.strip());
    } catch (InvalidFileReference e) {
      return ActionResult.Failed.configurationError(e.getMessage());
    } catch (SdkClientException e) {
      if (job.continuationToken() != null) {
        context.log().println("[Flowline] Could not reach Step Functions; trying again: " + AwsErrors.message(e));
        return waiting(job.continuationToken(), "Execution status unknown");
      }
      return ActionResult.Failed.jobFailed("Error calling Step Functions: " + AwsErrors.message(e));
    } catch (SdkException e) {
      return ActionResult.Failed.jobFailed(AwsErrors.message(e));
    }
  }

  private ActionResult start(SfnClient client, ActionJob job, ActionContext context, String stateMachineArn)
      throws IOException, InvalidFileReference {
    String input = input(job, context);
    String name = executionName(job);
    String executionArn = executionArn(stateMachineArn, name);
    if (executionArn != null && exists(client, executionArn)) {
      context.log().println("[Flowline] Execution " + name + " was started before; waiting for it");
      return waiting(executionArn, "Execution " + name + " started");
    }
    String started = client.startExecution(b -> b.stateMachineArn(stateMachineArn).name(name).input(input))
        .executionArn();
    context.log().println("[Flowline] Started execution " + started);
    return waiting(started, "Execution " + name + " started");
  }

  private ActionResult check(SfnClient client, ActionJob job, ActionContext context, String stateMachineArn,
      String executionArn) throws IOException {
    DescribeExecutionResponse execution = client.describeExecution(b -> b.executionArn(executionArn));
    ExecutionStatus status = execution.status();
    if (status == ExecutionStatus.RUNNING || status == ExecutionStatus.PENDING_REDRIVE) {
      return waiting(executionArn, "Execution " + execution.name() + " is " + status);
    }
    if (status == ExecutionStatus.SUCCEEDED) {
      Map<String, Path> artifacts = Map.of();
      if (!job.outputArtifacts().isEmpty()) {
        Path directory = Files.createDirectories(context.workspace().resolve("output"));
        Files.writeString(directory.resolve("output.json"), execution.output() == null ? "" : execution.output());
        Path zip = context.workspace().resolve("output.zip");
        Zips.zip(directory, zip);
        artifacts = Map.of(job.outputArtifacts().get(0).name(), zip);
      }
      context.log().println("[Flowline] Execution " + executionArn + " SUCCEEDED");
      return new ActionResult.Succeeded(artifacts,
          Map.of("StateMachineArn", stateMachineArn, "ExecutionArn", executionArn),
          "Execution " + execution.name() + " succeeded", executionArn, null, null);
    }
    String message = "Execution " + execution.name() + " " + execution.statusAsString()
        + (execution.error() == null ? "" : ": " + execution.error())
        + (execution.cause() == null ? "" : ": " + execution.cause());
    context.log().println("[Flowline] " + message);
    return new ActionResult.Failed("JobFailed", message, executionArn, null);
  }

  private static String input(ActionJob job, ActionContext context) throws IOException, InvalidFileReference {
    String type = job.config("InputType") == null || job.config("InputType").isBlank() ? "Literal"
        : job.config("InputType").strip();
    String input = job.config("Input");
    String text;
    if (type.equals("FilePath")) {
      if (input == null || input.isBlank()) {
        throw new InvalidFileReference("Input: InputType FilePath needs the path of a file in the input artifact");
      }
      if (job.inputArtifacts().size() != 1) {
        throw new InvalidFileReference("Input: InputType FilePath needs exactly one input artifact");
      }
      text = new InputFiles(job, context).read("Input", job.inputArtifacts().get(0).name(), input.strip());
    } else if (type.equals("Literal")) {
      text = input == null || input.isBlank() ? "{}" : input;
    } else {
      throw new InvalidFileReference("InputType '" + type + "' is not one of Literal, FilePath");
    }
    try {
      JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidFileReference("Input is not valid JSON: " + e.getOriginalMessage());
    }
    return text;
  }

  /** {@code <prefix>-<action execution id>}, in Step Functions' alphabet and length. */
  static String executionName(ActionJob job) {
    String prefix = job.config("ExecutionNamePrefix");
    String name = (prefix == null || prefix.isBlank() ? "" : prefix.strip() + "-") + job.actionExecutionId();
    name = name.replaceAll("[^A-Za-z0-9_-]", "-");
    return name.length() > MAX_NAME ? name.substring(name.length() - MAX_NAME) : name;
  }

  /** arn:aws:states:region:account:stateMachine:Name -> arn:aws:states:region:account:execution:Name:name. */
  static String executionArn(String stateMachineArn, String name) {
    String marker = ":stateMachine:";
    int at = stateMachineArn.indexOf(marker);
    return at < 0 ? null : stateMachineArn.substring(0, at) + ":execution:"
        + stateMachineArn.substring(at + marker.length()) + ":" + name;
  }

  private static boolean exists(SfnClient client, String executionArn) {
    try {
      client.describeExecution(b -> b.executionArn(executionArn));
      return true;
    } catch (ExecutionDoesNotExistException e) {
      return false;
    } catch (AwsServiceException e) {
      if (String.valueOf(AwsErrors.message(e)).contains("does not exist")) {
        return false;
      }
      throw e;
    }
  }

  private ActionResult waiting(String executionArn, String summary) {
    return new ActionResult.InProgress(executionArn, recheckAfter, summary, executionArn, null, null);
  }
}

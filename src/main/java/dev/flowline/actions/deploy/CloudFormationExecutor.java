package dev.flowline.actions.deploy;

import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputFiles;
import dev.flowline.actions.InputFiles.InvalidFileReference;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.AwsErrors;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * CodePipeline's CloudFormation action, {@code Deploy/AWS/CloudFormation/1} (0-10 inputs, 0-1 output, 3 days),
 * in every ActionMode, on the CloudFormation API of the action's region and role ({@link AwsClients}).
 *
 * <p>Job semantics: the first call looks at the stack (or change set) before it acts, starts at most one
 * operation (with a ClientRequestToken derived from the action execution id) and returns InProgress with a
 * token that says what it waits for ({@link StackOperation}); later calls only read. A first call repeated
 * after a crash therefore finds the operation it started (in progress, or done so that the declarative update
 * has nothing left to do) and waits for it instead of starting another. "No updates are to be performed" is a
 * success; a failed stack fails the action with the failing resource's reason ({@link StackFailures}).
 */
public final class CloudFormationExecutor implements ActionExecutor {

  public static final ActionTypeSpec TYPE = new ActionTypeSpec(
      ActionTypeId.of("Deploy", "AWS", "CloudFormation", "1"), 0, 10, 0, 1, List.of(
          ConfigurationProperty.required("ActionMode", "CREATE_UPDATE, DELETE_ONLY, REPLACE_ON_FAILURE, "
              + "CHANGE_SET_REPLACE or CHANGE_SET_EXECUTE"),
          ConfigurationProperty.required("StackName", "The stack to create, update, delete or change"),
          ConfigurationProperty.optional("Capabilities", "Comma-separated CAPABILITY_IAM, CAPABILITY_NAMED_IAM, "
              + "CAPABILITY_AUTO_EXPAND"),
          ConfigurationProperty.optional("ChangeSetName", "Required for CHANGE_SET_REPLACE and CHANGE_SET_EXECUTE"),
          ConfigurationProperty.optional("RoleArn", "The role CloudFormation acts as; required except for "
              + "CHANGE_SET_EXECUTE"),
          ConfigurationProperty.optional("TemplatePath", "ArtifactName::path of the template"),
          ConfigurationProperty.optional("OutputFileName", "File of the output artifact the stack outputs are "
              + "written to (JSON)"),
          ConfigurationProperty.optional("ParameterOverrides", "JSON object of parameter values; "
              + "Fn::GetArtifactAtt and Fn::GetParam allowed"),
          ConfigurationProperty.optional("TemplateConfiguration", "ArtifactName::path of a JSON file with "
              + "Parameters and Tags")),
      false, Duration.ofDays(3));

  private final AwsClients clients;
  private final Duration recheckAfter;

  public CloudFormationExecutor(AwsClients clients, Duration recheckAfter) {
    this.clients = clients;
    this.recheckAfter = recheckAfter;
  }

  @Override
  public ActionTypeSpec type() {
    return TYPE;
  }

  @Override
  public ActionResult execute(ActionJob job, ActionContext context) throws Exception {
    CloudFormationConfig config;
    CloudFormationClient client;
    try {
      config = CloudFormationConfig.of(job);
      client = clients.client("cloudformation", CloudFormationClient::builder, job);
    } catch (IllegalArgumentException e) {
      return ActionResult.Failed.configurationError(e.getMessage());
    }
    StackOperation operation = new StackOperation(client, config, job, context, recheckAfter);
    try {
      if (job.continuationToken() != null) {
        return operation.check(job.continuationToken());
      }
      return start(operation, config, new InputFiles(job, context));
    } catch (InvalidFileReference e) {
      return ActionResult.Failed.configurationError(e.getMessage());
    } catch (SdkClientException e) {
      if (job.continuationToken() != null) {
        context.log().println("[Flowline] Could not reach CloudFormation; trying again: " + AwsErrors.message(e));
        return new ActionResult.InProgress(job.continuationToken(), recheckAfter, "Stack " + config.stackName()
            + ": status unknown", null, null, null);
      }
      return ActionResult.Failed.jobFailed("Error calling CloudFormation: " + AwsErrors.message(e));
    } catch (SdkException e) {
      return ActionResult.Failed.jobFailed(AwsErrors.message(e));
    }
  }

  private ActionResult start(StackOperation operation, CloudFormationConfig config, InputFiles files)
      throws Exception {
    StackInputs inputs = config.mode().needsTemplate() || config.templateConfiguration() != null
        ? StackInputs.read(config, files) : null;
    Optional<Stack> stack = operation.describe(config.stackName());
    return switch (config.mode()) {
      case DELETE_ONLY -> operation.delete(stack, StackOperation.DELETE);
      case CREATE_UPDATE -> createOrUpdate(operation, stack, inputs);
      case REPLACE_ON_FAILURE -> stack.isPresent() && StackOperation.isFailed(stack.get())
          ? operation.delete(stack, StackOperation.REPLACE) : createOrUpdate(operation, stack, inputs);
      case CHANGE_SET_REPLACE -> operation.replaceChangeSet(stack, inputs);
      case CHANGE_SET_EXECUTE -> operation.executeChangeSet();
    };
  }

  private static ActionResult createOrUpdate(StackOperation operation, Optional<Stack> stack, StackInputs inputs) {
    if (stack.isEmpty() || stack.get().stackStatus() == StackStatus.DELETE_COMPLETE) {
      return operation.create(inputs);
    }
    return operation.update(stack.get(), inputs);
  }
}

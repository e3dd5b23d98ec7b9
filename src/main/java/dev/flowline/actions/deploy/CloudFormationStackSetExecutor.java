package dev.flowline.actions.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputFiles;
import dev.flowline.actions.InputFiles.InvalidFileReference;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.AutoDeployment;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.StackSet;

/**
 * CodePipeline's {@code Deploy/AWS/CloudFormationStackSet/1} (1-10 inputs, no output, 3 days): creates the stack
 * set {@code StackSetName} from {@code TemplatePath} with its stack instances in {@code DeploymentTargets} x
 * {@code Regions}, or, when it exists, updates it (UpdateStackSet: template, {@code Parameters},
 * {@code Capabilities}, and the instances of the targets and regions given, else all). One stack set operation
 * per action execution, waited for without holding a thread ({@link StackSetOperations}).
 *
 * <p>Look before acting: an operation with this execution's id already on the stack set is waited for; a stack set
 * without instances gets CreateStackInstances; CreateStackSet carries a ClientRequestToken from the execution id.
 */
public final class CloudFormationStackSetExecutor implements ActionExecutor {

  public static final ActionTypeSpec TYPE = new ActionTypeSpec(
      ActionTypeId.of("Deploy", "AWS", "CloudFormationStackSet", "1"), 1, 10, 0, 0, List.of(
          ConfigurationProperty.required("StackSetName", "The stack set to create or update"),
          ConfigurationProperty.required("TemplatePath", "ArtifactName::path of the template"),
          ConfigurationProperty.optional("Description", "The stack set's description"),
          ConfigurationProperty.optional("Parameters", "JSON list, ParameterKey=k,ParameterValue=v pairs, or "
              + "ArtifactName::file"),
          ConfigurationProperty.optional("Capabilities", "Comma-separated CAPABILITY_IAM, CAPABILITY_NAMED_IAM, "
              + "CAPABILITY_AUTO_EXPAND"),
          ConfigurationProperty.optional("PermissionModel", "SELF_MANAGED (default) or SERVICE_MANAGED"),
          ConfigurationProperty.optional("OrganizationsAutoDeployment", "Enabled, Disabled or "
              + "EnabledWithStackRetention (SERVICE_MANAGED)"),
          ConfigurationProperty.optional("AdministrationRoleArn", "The administration role (SELF_MANAGED)"),
          ConfigurationProperty.optional("ExecutionRoleName", "The execution role's name (SELF_MANAGED)"),
          ConfigurationProperty.optional("DeploymentTargets", "Account ids or organizational unit ids, "
              + "comma-separated, or ArtifactName::file"),
          ConfigurationProperty.optional("Regions", "Comma-separated regions"),
          ConfigurationProperty.optional("FailureTolerancePercentage", "0-100"),
          ConfigurationProperty.optional("FailureToleranceCount", "Instances that may fail per region"),
          ConfigurationProperty.optional("MaxConcurrentPercentage", "1-100"),
          ConfigurationProperty.optional("MaxConcurrentCount", "Instances deployed at once per region"),
          ConfigurationProperty.optional("RegionConcurrencyType", "SEQUENTIAL or PARALLEL")),
      false, Duration.ofDays(3));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final YAMLMapper YAML = new YAMLMapper();

  private final AwsClients clients;
  private final Duration recheckAfter;

  public CloudFormationStackSetExecutor(AwsClients clients, Duration recheckAfter) {
    this.clients = clients;
    this.recheckAfter = recheckAfter;
  }

  @Override
  public ActionTypeSpec type() {
    return TYPE;
  }

  @Override
  public ActionResult execute(ActionJob job, ActionContext context) throws Exception {
    return StackSetOperations.execute(clients, recheckAfter, job, context, this::start);
  }

  private ActionResult start(CloudFormationClient client, StackSetOperations operations, String name, ActionJob job,
      ActionContext context) throws Exception {
    InputFiles files = new InputFiles(job, context);
    String templatePath = job.config("TemplatePath");
    if (templatePath == null || templatePath.isBlank()) {
      throw new InvalidFileReference("Action configuration is missing required configuration 'TemplatePath'");
    }
    String template = files.read("TemplatePath", templatePath.strip());
    checkTemplate(templatePath.strip(), template);
    List<Parameter> parameters = StackSetTargets.parameters(job, files, "Parameters");
    List<String> capabilities = list(job.config("Capabilities"));
    StackSetTargets targets = StackSetTargets.read(job, files, false);
    String operationId = StackSetOperations.operationId(job);

    Optional<StackSet> stackSet = operations.describe();
    if (stackSet.isPresent() && operations.started(operationId)) {
      context.log().println("[Flowline] Operation " + operationId + " was started before; waiting for it");
      return operations.waiting(operationId, "Stack set " + name + ": operation started");
    }
    if (stackSet.isEmpty()) {
      if (targets.isEmpty()) {
        throw new InvalidFileReference("DeploymentTargets and Regions are required to create stack set " + name);
      }
      String permissionModel = blankToNull(job.config("PermissionModel"));
      String autoDeployment = blankToNull(job.config("OrganizationsAutoDeployment"));
      if (autoDeployment != null && !List.of("Enabled", "Disabled", "EnabledWithStackRetention")
          .contains(autoDeployment)) {
        throw new InvalidFileReference("OrganizationsAutoDeployment '" + autoDeployment + "' is not one of Enabled, "
            + "Disabled, EnabledWithStackRetention");
      }
      client.createStackSet(b -> b.stackSetName(name).templateBody(template).parameters(parameters)
          .capabilitiesWithStrings(capabilities).description(blankToNull(job.config("Description")))
          .permissionModel(permissionModel).administrationRoleARN(blankToNull(job.config("AdministrationRoleArn")))
          .executionRoleName(blankToNull(job.config("ExecutionRoleName")))
          .autoDeployment(autoDeployment == null ? null : AutoDeployment.builder()
              .enabled(!autoDeployment.equals("Disabled"))
              .retainStacksOnAccountRemoval(autoDeployment.equals("EnabledWithStackRetention")).build())
          .clientRequestToken(operationId));
      context.log().println("[Flowline] Created stack set " + name);
      return createInstances(client, operations, name, targets, operationId, context);
    }
    if (client.listStackInstancesPaginator(b -> b.stackSetName(name)).summaries().stream().findAny().isEmpty()) {
      if (targets.isEmpty()) {
        throw new InvalidFileReference("DeploymentTargets and Regions are required: stack set " + name
            + " has no stack instances yet");
      }
      return createInstances(client, operations, name, targets, operationId, context);
    }
    String started = client.updateStackSet(b -> {
      b.stackSetName(name).templateBody(template).parameters(parameters).capabilitiesWithStrings(capabilities)
          .description(blankToNull(job.config("Description"))).operationId(operationId)
          .operationPreferences(targets.preferences())
          .administrationRoleARN(blankToNull(job.config("AdministrationRoleArn")))
          .executionRoleName(blankToNull(job.config("ExecutionRoleName")));
      if (!targets.isEmpty()) {
        b.regions(targets.regions());
        if (targets.deploymentTargets() != null) {
          b.deploymentTargets(targets.deploymentTargets());
        } else {
          b.accounts(targets.accounts());
        }
      }
    }).operationId();
    context.log().println("[Flowline] Updating stack set " + name + " (operation " + operationId + ")");
    return operations.waiting(started, "Stack set " + name + ": updating");
  }

  private static ActionResult createInstances(CloudFormationClient client, StackSetOperations operations, String name,
      StackSetTargets targets, String operationId, ActionContext context) {
    String started = client.createStackInstances(b -> {
      b.stackSetName(name).regions(targets.regions()).operationId(operationId)
          .operationPreferences(targets.preferences());
      if (targets.deploymentTargets() != null) {
        b.deploymentTargets(targets.deploymentTargets());
      } else {
        b.accounts(targets.accounts());
      }
    }).operationId();
    context.log().println("[Flowline] Creating the stack instances of " + name + " in " + targets.regions()
        + " (operation " + operationId + ")");
    return operations.waiting(started, "Stack set " + name + ": creating stack instances");
  }

  private static void checkTemplate(String path, String template) throws InvalidFileReference {
    try {
      if (!(template.strip().startsWith("{") ? JSON.readTree(template) : YAML.readTree(template)).isObject()) {
        throw new InvalidFileReference("TemplatePath: " + path + " is not a template (an object)");
      }
    } catch (JsonProcessingException e) {
      throw new InvalidFileReference("TemplatePath: " + path + " is not valid JSON or YAML: " + e.getOriginalMessage());
    } catch (RuntimeException e) {
      // short-form tags (!Ref) that plain YAML does not know: CloudFormation reads them
    }
  }

  static List<String> list(String value) {
    return value == null || value.isBlank() ? List.of()
        : Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}

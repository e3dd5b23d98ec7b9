package dev.flowline.actions.deploy;

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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;

/**
 * CodePipeline's {@code Deploy/AWS/CloudFormationStackInstances/1} (0-10 inputs, no output, 3 days): the stack
 * instances of the existing stack set {@code StackSetName} in {@code DeploymentTargets} x {@code Regions}. When
 * all of them exist, UpdateStackInstances with {@code ParameterOverrides}; otherwise CreateStackInstances for the
 * accounts and regions that lack them (instances that exist are left as they are; targets whose missing instances
 * are not a whole accounts x regions block are refused). Organizational units are always CreateStackInstances. One operation per action execution, waited for without
 * holding a thread; a repeated first call waits for the operation it started ({@link StackSetOperations}).
 */
public final class CloudFormationStackInstancesExecutor implements ActionExecutor {

  public static final ActionTypeSpec TYPE = new ActionTypeSpec(
      ActionTypeId.of("Deploy", "AWS", "CloudFormationStackInstances", "1"), 0, 10, 0, 0, List.of(
          ConfigurationProperty.required("StackSetName", "The stack set whose instances are deployed"),
          ConfigurationProperty.required("DeploymentTargets", "Account ids or organizational unit ids, "
              + "comma-separated, or ArtifactName::file"),
          ConfigurationProperty.required("Regions", "Comma-separated regions"),
          ConfigurationProperty.optional("ParameterOverrides", "JSON list, ParameterKey=k,ParameterValue=v pairs, "
              + "or ArtifactName::file"),
          ConfigurationProperty.optional("FailureTolerancePercentage", "0-100"),
          ConfigurationProperty.optional("FailureToleranceCount", "Instances that may fail per region"),
          ConfigurationProperty.optional("MaxConcurrentPercentage", "1-100"),
          ConfigurationProperty.optional("MaxConcurrentCount", "Instances deployed at once per region"),
          ConfigurationProperty.optional("RegionConcurrencyType", "SEQUENTIAL or PARALLEL")),
      false, Duration.ofDays(3));

  private final AwsClients clients;
  private final Duration recheckAfter;

  public CloudFormationStackInstancesExecutor(AwsClients clients, Duration recheckAfter) {
    this.clients = clients;
    this.recheckAfter = recheckAfter;
  }

  @Override
  public ActionTypeSpec type() {
    return TYPE;
  }

  @Override
  public ActionResult execute(ActionJob job, ActionContext context) throws Exception {
    return StackSetOperations.execute(clients, recheckAfter, job, context, CloudFormationStackInstancesExecutor::start);
  }

  private static ActionResult start(CloudFormationClient client, StackSetOperations operations, String name,
      ActionJob job, ActionContext context) throws Exception {
    InputFiles files = new InputFiles(job, context);
    StackSetTargets targets = StackSetTargets.read(job, files, true);
    List<Parameter> overrides = StackSetTargets.parameters(job, files, "ParameterOverrides");
    String operationId = StackSetOperations.operationId(job);
    if (operations.describe().isEmpty()) {
      throw new InvalidFileReference("StackSetName: stack set " + name + " does not exist");
    }
    if (operations.started(operationId)) {
      context.log().println("[Flowline] Operation " + operationId + " was started before; waiting for it");
      return operations.waiting(operationId, "Stack set " + name + ": operation started");
    }
    Set<String> existing = new HashSet<>();
    client.listStackInstancesPaginator(b -> b.stackSetName(name)).summaries()
        .forEach(i -> existing.add(i.account() + "/" + i.region()));
    List<String> newRegions = targets.regions().stream()
        .filter(r -> targets.accounts().stream().anyMatch(a -> !existing.contains(a + "/" + r))).toList();
    List<String> newAccounts = targets.accounts().stream()
        .filter(a -> newRegions.stream().anyMatch(r -> !existing.contains(a + "/" + r))).toList();
    if (targets.deploymentTargets() == null && newRegions.isEmpty()) {
      String started = client.updateStackInstances(b -> b.stackSetName(name).accounts(targets.accounts())
          .regions(targets.regions()).parameterOverrides(overrides).operationPreferences(targets.preferences())
          .operationId(operationId)).operationId();
      context.log().println("[Flowline] Updating the stack instances of " + name + " (operation " + operationId + ")");
      return operations.waiting(started, "Stack set " + name + ": updating stack instances");
    }
    if (targets.deploymentTargets() == null && newAccounts.stream()
        .anyMatch(a -> newRegions.stream().anyMatch(r -> existing.contains(a + "/" + r)))) {
      throw new InvalidFileReference("DeploymentTargets/Regions: stack set " + name + " has instances in part of "
          + newAccounts + " x " + newRegions + "; name targets whose instances all exist (update) or none do (create)");
    }
    StackSetTargets create = targets.deploymentTargets() != null ? targets
        : new StackSetTargets(newAccounts, List.of(), newRegions, targets.preferences());
    String started = client.createStackInstances(b -> {
      b.stackSetName(name).regions(create.regions()).parameterOverrides(overrides)
          .operationPreferences(create.preferences()).operationId(operationId);
      if (create.deploymentTargets() != null) {
        b.deploymentTargets(create.deploymentTargets());
      } else {
        b.accounts(create.accounts());
      }
    }).operationId();
    context.log().println("[Flowline] Creating the stack instances of " + name + " in " + create.accounts() + " x "
        + create.regions()
        + " (operation " + operationId + ")");
    return operations.waiting(started, "Stack set " + name + ": creating stack instances");
  }
}

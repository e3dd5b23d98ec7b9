package dev.flowline.actions.deploy;

import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionConfig;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputFiles.InvalidFileReference;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.AwsErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.CodeDeployClientBuilder;
import software.amazon.awssdk.services.codedeploy.model.ApplicationDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentGroupDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentOverview;
import software.amazon.awssdk.services.codedeploy.model.DeploymentStatus;
import software.amazon.awssdk.services.codedeploy.model.ErrorInformation;
import software.amazon.awssdk.services.codedeploy.model.ListDeploymentsResponse;

/**
 * What the two CodeDeploy actions share: the job around the deployment ({@link #run}), finding the deployment an
 * action execution created, and reading how it ended.
 *
 * <p>CreateDeployment takes no idempotency token, so each deployment Flowline creates carries the action execution
 * id in its description ({@link #description}); before creating one, the first call lists the deployment group's
 * deployments created within the action's timeout and waits for the one that carries its id, if any.
 */
final class CodeDeployments {

  private static final int BATCH = 25;

  private CodeDeployments() {}

  /** The revision could not be made ready (e.g. uploaded); the message says why. The action fails with JobFailed. */
  static final class RevisionNotDeployable extends Exception {
    RevisionNotDeployable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Creates the deployment of one action execution (the part each CodeDeploy action does its own way). */
  interface Creation {
    /**
     * Prepares the revision and calls CreateDeployment once; returns the deployment id.
     *
     * @throws InvalidFileReference    a file of the input artifacts is missing or unusable (a ConfigurationError)
     * @throws IllegalArgumentException the configuration is unusable (a ConfigurationError)
     */
    String create(CodeDeployClient client, String application, String group) throws Exception;
  }

  /**
   * One call of a CodeDeploy action: with a token, reads the deployment; without, checks that the application and
   * deployment group exist, waits for the deployment this action execution created before if there is one, and
   * otherwise lets {@code creation} create it. Every outcome is an {@link ActionResult}.
   */
  static ActionResult run(ActionJob job, ActionContext context, AwsClients clients,
      Supplier<CodeDeployClientBuilder> builder, Duration recheckAfter, Duration defaultTimeout, Creation creation)
      throws Exception {
    String application;
    String group;
    CodeDeployClient client;
    try {
      application = ActionConfig.required(job, "ApplicationName");
      group = ActionConfig.required(job, "DeploymentGroupName");
      client = clients.client("codedeploy", builder, job);
    } catch (IllegalArgumentException e) {
      return ActionResult.Failed.configurationError(e.getMessage());
    }
    String region = clients.region(job);
    String token = job.continuationToken();
    try {
      if (token != null) {
        return outcome(client.getDeployment(b -> b.deploymentId(token)).deploymentInfo(), region, recheckAfter);
      }
      // fails with ApplicationDoesNotExist / DeploymentGroupDoesNotExist before any side effect
      client.getDeploymentGroup(b -> b.applicationName(application).deploymentGroupName(group));
      Instant since = context.clock().instant().minus(job.timeout() == null ? defaultTimeout : job.timeout());
      Optional<String> started = find(client, application, group, job, since);
      if (started.isPresent()) {
        log(context, "Deployment " + started.get() + " was created by this action before; waiting for it");
        return waiting(started.get(), region, recheckAfter);
      }
      String id = creation.create(client, application, group);
      log(context, "Created deployment " + id + " in " + application + "/" + group);
      return waiting(id, region, recheckAfter);
    } catch (InvalidFileReference | IllegalArgumentException e) {
      return ActionResult.Failed.configurationError(e.getMessage());
    } catch (RevisionNotDeployable e) {
      return ActionResult.Failed.jobFailed(e.getMessage());
    } catch (ApplicationDoesNotExistException e) {
      return ActionResult.Failed.configurationError("ApplicationName: " + AwsErrors.message(e));
    } catch (DeploymentGroupDoesNotExistException e) {
      return ActionResult.Failed.configurationError("DeploymentGroupName: " + AwsErrors.message(e));
    } catch (SdkClientException e) {
      if (token != null) {
        log(context, "Could not reach CodeDeploy; trying again: " + AwsErrors.message(e));
        return new ActionResult.InProgress(token, recheckAfter, "Deployment " + token + ": status unknown", token,
            consoleUrl(region, token), null);
      }
      return ActionResult.Failed.jobFailed("Error calling AWS: " + AwsErrors.message(e));
    } catch (SdkException e) {
      return ActionResult.Failed.jobFailed(AwsErrors.message(e));
    }
  }

  private static ActionResult waiting(String id, String region, Duration recheckAfter) {
    return new ActionResult.InProgress(id, recheckAfter, "Deployment " + id + " created", id, consoleUrl(region, id),
        null);
  }

  private static void log(ActionContext context, String line) {
    context.log().println("[Flowline] " + line);
  }

  /** The description of the deployment {@code job} creates; it names the action execution, as {@link #find} expects. */
  static String description(ActionJob job) {
    return "Deployed by Flowline pipeline " + job.pipelineName() + ", action execution " + job.actionExecutionId();
  }

  /** The id of the deployment of {@code application}/{@code group} created for {@code job} since {@code since}. */
  static Optional<String> find(CodeDeployClient client, String application, String group, ActionJob job,
      Instant since) {
    String description = description(job);
    String nextToken = null;
    do {
      String token = nextToken;
      ListDeploymentsResponse page = client.listDeployments(b -> b.applicationName(application)
          .deploymentGroupName(group).createTimeRange(r -> r.start(since)).nextToken(token));
      List<String> ids = page.hasDeployments() ? page.deployments() : List.of();
      for (int from = 0; from < ids.size(); from += BATCH) {
        List<String> batch = new ArrayList<>(ids.subList(from, Math.min(ids.size(), from + BATCH)));
        Optional<String> ours = client.batchGetDeployments(b -> b.deploymentIds(batch)).deploymentsInfo().stream()
            .filter(d -> description.equals(d.description())).map(DeploymentInfo::deploymentId).findFirst();
        if (ours.isPresent()) {
          return ours;
        }
      }
      nextToken = page.nextToken();
    } while (nextToken != null && !nextToken.isEmpty());
    return Optional.empty();
  }

  /** How far the deployment has come: InProgress (token = its id), Succeeded, or Failed with CodeDeploy's error. */
  static ActionResult outcome(DeploymentInfo deployment, String region, Duration recheckAfter) {
    String id = deployment.deploymentId();
    String url = consoleUrl(region, id);
    DeploymentStatus status = deployment.status();
    if (status == DeploymentStatus.SUCCEEDED) {
      return new ActionResult.Succeeded(Map.of(), Map.of(), "Deployment " + id + " succeeded", id, url, null);
    }
    if (status == DeploymentStatus.FAILED || status == DeploymentStatus.STOPPED) {
      ErrorInformation error = deployment.errorInformation();
      String detail = error == null ? null
          : error.codeAsString() == null ? error.message()
          : error.codeAsString() + (error.message() == null ? "" : ": " + error.message());
      return new ActionResult.Failed("JobFailed", "Deployment " + id + " " + deployment.statusAsString()
          + (detail == null || detail.isBlank() ? "" : ": " + detail), id, url);
    }
    return new ActionResult.InProgress(id, recheckAfter, "Deployment " + id + " is " + deployment.statusAsString()
        + overview(deployment.deploymentOverview()), id, url, null);
  }

  /** AWS's CodeDeploy console page of a deployment, the action's externalExecutionUrl as on AWS. */
  static String consoleUrl(String region, String deploymentId) {
    return "https://" + region + ".console.aws.amazon.com/codedeploy/home?region=" + region + "#/deployments/"
        + deploymentId;
  }

  private static String overview(DeploymentOverview overview) {
    if (overview == null || overview.succeeded() == null) {
      return "";
    }
    long total = sum(overview.pending(), overview.inProgress(), overview.succeeded(), overview.failed(),
        overview.skipped(), overview.ready());
    return total == 0 ? "" : " (" + overview.succeeded() + " of " + total + " targets succeeded)";
  }

  private static long sum(Long... values) {
    long sum = 0;
    for (Long value : values) {
      sum += value == null ? 0 : value;
    }
    return sum;
  }
}

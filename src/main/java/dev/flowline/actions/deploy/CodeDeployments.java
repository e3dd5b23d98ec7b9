package dev.flowline.actions.deploy;

import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentOverview;
import software.amazon.awssdk.services.codedeploy.model.DeploymentStatus;
import software.amazon.awssdk.services.codedeploy.model.ErrorInformation;
import software.amazon.awssdk.services.codedeploy.model.ListDeploymentsResponse;

/**
 * What the two CodeDeploy actions share: finding the deployment an action execution created, and reading how it
 * ended.
 *
 * <p>CreateDeployment takes no idempotency token, so each deployment Flowline creates carries the action execution
 * id in its description ({@link #description}); before creating one, the first call lists the deployment group's
 * deployments created within the action's timeout and waits for the one that carries its id, if any.
 */
final class CodeDeployments {

  private static final int BATCH = 25;

  private CodeDeployments() {}

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

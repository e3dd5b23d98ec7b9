package dev.flowline.actions.deploy;

import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionConfig;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputFiles;
import dev.flowline.actions.InputFiles.InvalidFileReference;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.AwsErrors;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;

/**
 * CodePipeline's standard ECS deployment, {@code Deploy/AWS/ECS/1} (1 input, no output, 1 hour): reads
 * {@code FileName} (default {@code imagedefinitions.json}) from the input artifact, registers a new revision of
 * the task definition the service {@code ServiceName} of cluster {@code ClusterName} runs, with those images,
 * points the service at it with UpdateService and waits, holding no thread, until the deployment is stable
 * ({@link EcsRollout}); after {@code DeploymentTimeout} minutes (1-60, default 60) it fails.
 *
 * <p>Job semantics: the first call checks before each side effect. The revision it registers carries the action
 * execution id as a tag ({@link TaskDefinitions}): a repeated first call finds that revision (the family's latest,
 * or the one the service already runs) instead of registering another, and calls UpdateService only when the
 * service does not run it yet. The token ({@code ECS|<deadline millis>|<task definition ARN>}) says what the
 * later calls wait for; they only read.
 */
public final class EcsDeployExecutor implements ActionExecutor {

  public static final ActionTypeSpec TYPE = new ActionTypeSpec(ActionTypeId.of("Deploy", "AWS", "ECS", "1"),
      1, 1, 0, 0, List.of(
          ConfigurationProperty.required("ClusterName", "The ECS cluster of the service"),
          ConfigurationProperty.required("ServiceName", "The ECS service to deploy to"),
          ConfigurationProperty.optional("FileName", "The image definitions file in the input artifact "
              + "(default imagedefinitions.json)"),
          ConfigurationProperty.optional("DeploymentTimeout", "Minutes to wait for the deployment (1-60, "
              + "default 60)")),
      false, Duration.ofHours(1));

  static final String DEFAULT_FILE = "imagedefinitions.json";
  static final int MAX_TIMEOUT_MINUTES = 60;

  private final AwsClients clients;
  private final Duration recheckAfter;

  public EcsDeployExecutor(AwsClients clients, Duration recheckAfter) {
    this.clients = clients;
    this.recheckAfter = recheckAfter;
  }

  @Override
  public ActionTypeSpec type() {
    return TYPE;
  }

  /** What one ECS action deploys where. */
  private record Target(String cluster, String service, String fileName, Duration timeout) {}

  @Override
  public ActionResult execute(ActionJob job, ActionContext context) throws Exception {
    Target target;
    EcsClient ecs;
    try {
      target = new Target(ActionConfig.required(job, "ClusterName"), ActionConfig.required(job, "ServiceName"),
          ActionConfig.optional(job, "FileName", DEFAULT_FILE), Duration.ofMinutes(ActionConfig.number(job,
              "DeploymentTimeout", 1, MAX_TIMEOUT_MINUTES, MAX_TIMEOUT_MINUTES)));
      ecs = clients.client("ecs", EcsClient::builder, job);
    } catch (IllegalArgumentException e) {
      return ActionResult.Failed.configurationError(e.getMessage());
    }
    try {
      if (job.continuationToken() != null) {
        return check(ecs, target, job.continuationToken(), context);
      }
      return start(ecs, target, job, context);
    } catch (InvalidFileReference | IllegalArgumentException e) {
      return ActionResult.Failed.configurationError(e.getMessage());
    } catch (ClusterNotFoundException e) {
      return ActionResult.Failed.configurationError("ClusterName: the ECS cluster " + target.cluster()
          + " does not exist");
    } catch (ServiceNotFoundException e) {
      return ActionResult.Failed.configurationError(serviceMissing(target));
    } catch (SdkClientException e) {
      if (job.continuationToken() != null) {
        log(context, "Could not reach ECS; trying again: " + AwsErrors.message(e));
        return new ActionResult.InProgress(job.continuationToken(), recheckAfter, "Service " + target.service()
            + ": status unknown", null, null, null);
      }
      return ActionResult.Failed.jobFailed("Error calling ECS: " + AwsErrors.message(e));
    } catch (SdkException e) {
      return ActionResult.Failed.jobFailed(AwsErrors.message(e));
    }
  }

  private ActionResult start(EcsClient ecs, Target target, ActionJob job, ActionContext context)
      throws IOException, InvalidFileReference {
    String artifact = job.inputArtifacts().get(0).name();
    Map<String, String> images = ImageDefinitions.parse(target.fileName(),
        new InputFiles(job, context).read("FileName", artifact, target.fileName()));
    Service service = service(ecs, target);
    if (!"ACTIVE".equals(service.status())) {
      throw new IllegalArgumentException("ServiceName: the ECS service " + target.service() + " is "
          + service.status());
    }
    DescribeTaskDefinitionResponse current = TaskDefinitions.describe(ecs, service.taskDefinition())
        .orElseThrow(() -> new IllegalArgumentException("Service " + target.service() + " runs task definition "
            + service.taskDefinition() + ", which ECS cannot describe"));
    String family = current.taskDefinition().family();
    String revision = TaskDefinitions.registeredBy(ecs, family, job.actionExecutionId(), current).orElse(null);
    if (revision == null) {
      revision = ecs.registerTaskDefinition(TaskDefinitions.withImages(current.taskDefinition(),
          current.hasTags() ? current.tags() : List.of(), images, job.actionExecutionId()))
          .taskDefinition().taskDefinitionArn();
      log(context, "Registered task definition " + revision + " with " + images);
    } else {
      log(context, "Task definition " + revision + " was registered by this action before; using it");
    }
    String arn = revision;
    if (!arn.equals(service.taskDefinition())) {
      ecs.updateService(b -> b.cluster(target.cluster()).service(target.service()).taskDefinition(arn));
      log(context, "Updated service " + target.service() + " of cluster " + target.cluster() + " to " + arn);
    } else {
      log(context, "Service " + target.service() + " runs " + arn + " already; waiting for it to be stable");
    }
    Instant deadline = context.clock().instant().plus(target.timeout());
    return waiting("ECS|" + deadline.toEpochMilli() + "|" + arn, "Deploying " + arn + " to " + target.service());
  }

  private ActionResult check(EcsClient ecs, Target target, String token, ActionContext context) {
    String[] parts = token.split("\\|", 3);
    if (parts.length != 3 || !parts[0].equals("ECS")) {
      return ActionResult.Failed.jobFailed("Continuation token '" + token + "' is not one of this action's");
    }
    Instant deadline = Instant.ofEpochMilli(Long.parseLong(parts[1]));
    String arn = parts[2];
    Service service = service(ecs, target);
    EcsRollout rollout = EcsRollout.of(service, arn);
    switch (rollout.state()) {
      case STABLE -> {
        log(context, rollout.message());
        return new ActionResult.Succeeded(Map.of(), Map.of(), rollout.message(), arn, null, null);
      }
      case FAILED -> {
        log(context, rollout.message());
        return new ActionResult.Failed("JobFailed", rollout.message(), arn, null);
      }
      default -> {
        if (context.clock().instant().isAfter(deadline)) {
          String event = EcsRollout.latestEvent(service);
          String message = "The ECS deployment of " + arn + " to service " + target.service()
              + " did not become stable within " + target.timeout().toMinutes() + " minutes (DeploymentTimeout). "
              + rollout.message() + (event.isEmpty() ? "" : ". Latest service event: " + event);
          log(context, message);
          return new ActionResult.Failed("JobFailed", message, arn, null);
        }
        return waiting(token, rollout.message());
      }
    }
  }

  private static Service service(EcsClient ecs, Target target) {
    DescribeServicesResponse found = ecs.describeServices(b -> b.cluster(target.cluster()).services(target.service()));
    if (!found.hasServices() || found.services().isEmpty()) {
      String reason = found.hasFailures() && !found.failures().isEmpty() ? found.failures().get(0).reason() : "";
      throw new IllegalArgumentException(serviceMissing(target) + (reason.isEmpty() ? "" : " (" + reason + ")"));
    }
    return found.services().get(0);
  }

  private static String serviceMissing(Target target) {
    return "ServiceName: the ECS service " + target.service() + " does not exist in cluster " + target.cluster();
  }

  private ActionResult waiting(String token, String summary) {
    return new ActionResult.InProgress(token, recheckAfter, summary, token.substring(token.lastIndexOf('|') + 1),
        null, null);
  }

  private static void log(ActionContext context, String line) {
    context.log().println("[Flowline] " + line);
  }
}

package dev.flowline.actions.deploy;

import dev.flowline.actions.ActionConfig;
import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.AwsErrors;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.elasticbeanstalk.ElasticBeanstalkClient;
import software.amazon.awssdk.services.elasticbeanstalk.model.EnvironmentDescription;
import software.amazon.awssdk.services.elasticbeanstalk.model.EnvironmentStatus;
import software.amazon.awssdk.services.elasticbeanstalk.model.EventDescription;
import software.amazon.awssdk.services.elasticbeanstalk.model.EventSeverity;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * CodePipeline's Elastic Beanstalk action, {@code Deploy/AWS/ElasticBeanstalk/1} (1 input, 0 outputs, 1 hour):
 * the input artifact becomes an application version of {@code ApplicationName} (its zip uploaded as the source
 * bundle to Elastic Beanstalk's own storage bucket, CreateStorageLocation), and {@code EnvironmentName} is
 * updated to it (UpdateEnvironment). The action waits, holding no thread, until the environment is Ready again:
 * with the new version it succeeds; with another one (Elastic Beanstalk rolled the deployment back) it fails
 * with the ERROR events the environment logged since the update started.
 *
 * <p>Job semantics: the version label is {@code flowline-<action execution id>}, the same on every call of the
 * job. The first call looks before it acts: it creates the version only if DescribeApplicationVersions does not
 * know the label, and updates the environment only if the environment is not already on (or Updating towards) it.
 * A first call repeated after a crash therefore neither creates a second version nor starts a second deployment.
 * The continuation token is {@code <label> <epoch millis the update started>}.
 */
public final class ElasticBeanstalkExecutor implements ActionExecutor {

  public static final ActionTypeSpec TYPE = new ActionTypeSpec(
      ActionTypeId.of("Deploy", "AWS", "ElasticBeanstalk", "1"), 1, 1, 0, 0, List.of(
          ConfigurationProperty.required("ApplicationName", "The Elastic Beanstalk application"),
          ConfigurationProperty.required("EnvironmentName", "The environment the new version is deployed to")),
      false, Duration.ofHours(1));

  private static final int MAX_LABEL = 100;

  private final AwsClients clients;
  private final Duration recheckAfter;

  public ElasticBeanstalkExecutor(AwsClients clients, Duration recheckAfter) {
    this.clients = clients;
    this.recheckAfter = recheckAfter;
  }

  @Override
  public ActionTypeSpec type() {
    return TYPE;
  }

  @Override
  public ActionResult execute(ActionJob job, ActionContext context) throws Exception {
    String application = job.config("ApplicationName");
    String environment = job.config("EnvironmentName");
    Optional<ActionResult.Failed> missing = ActionConfig.missing(job, "ApplicationName", "EnvironmentName");
    if (missing.isPresent()) {
      return missing.get();
    }
    if (job.inputArtifacts().size() != 1) {
      return ActionResult.Failed.configurationError("Elastic Beanstalk deploys exactly one input artifact, not "
          + job.inputArtifacts().size());
    }
    Deployment deployment;
    try {
      deployment = new Deployment(clients.client("elasticbeanstalk", ElasticBeanstalkClient::builder, job),
          application.strip(), environment.strip(), versionLabel(job));
    } catch (IllegalArgumentException e) {
      return ActionResult.Failed.configurationError(e.getMessage());
    }
    try {
      if (job.continuationToken() != null) {
        return check(deployment, job.continuationToken(), context);
      }
      return start(deployment, job, context);
    } catch (SdkClientException e) {
      if (job.continuationToken() != null) {
        context.log().println("[Flowline] Could not reach Elastic Beanstalk; trying again: " + AwsErrors.message(e));
        return waiting(job.continuationToken(), "Environment " + environment + ": status unknown");
      }
      return ActionResult.Failed.jobFailed("Error calling Elastic Beanstalk: " + AwsErrors.message(e));
    } catch (SdkException e) {
      return ActionResult.Failed.jobFailed(AwsErrors.message(e));
    }
  }

  private ActionResult start(Deployment deployment, ActionJob job, ActionContext context) throws IOException {
    Optional<EnvironmentDescription> found = deployment.describeEnvironment();
    if (found.isEmpty()) {
      return ActionResult.Failed.configurationError("EnvironmentName: environment " + deployment.environment
          + " of application " + deployment.application + " does not exist");
    }
    if (deployment.versionExists()) {
      context.log().println("[Flowline] Application version " + deployment.label + " exists; not creating it again");
    } else {
      createVersion(deployment, job, context);
    }
    String token = deployment.label + " " + context.clock().instant().toEpochMilli();
    EnvironmentDescription current = found.get();
    if (deployment.label.equals(current.versionLabel()) || current.status() == EnvironmentStatus.UPDATING) {
      context.log().println("[Flowline] Environment " + deployment.environment + " is " + current.statusAsString()
          + " on version " + current.versionLabel() + "; waiting, not updating it again");
      return waiting(token, "Deploying " + deployment.label + " to " + deployment.environment);
    }
    deployment.client.updateEnvironment(b -> b.applicationName(deployment.application)
        .environmentName(deployment.environment).versionLabel(deployment.label));
    context.log().println("[Flowline] Updating environment " + deployment.environment + " to version "
        + deployment.label);
    return waiting(token, "Deploying " + deployment.label + " to " + deployment.environment);
  }

  private void createVersion(Deployment deployment, ActionJob job, ActionContext context) throws IOException {
    InputArtifactRef input = job.inputArtifacts().get(0);
    Path bundle = context.workspace().resolve("source-bundle.zip");
    try (InputStream in = context.artifactStore().open(input.location())) {
      Files.copy(in, bundle, StandardCopyOption.REPLACE_EXISTING);
    }
    String bucket = deployment.client.createStorageLocation().s3Bucket();
    String key = deployment.application + "/" + deployment.label + ".zip";
    S3Client s3 = clients.client("s3", () -> S3Client.builder().forcePathStyle(true), job);
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(bundle));
    context.log().println("[Flowline] Uploaded " + input.name() + " to s3://" + bucket + "/" + key);
    deployment.client.createApplicationVersion(b -> b.applicationName(deployment.application)
        .versionLabel(deployment.label).description("CodePipeline execution " + job.pipelineExecutionId())
        .sourceBundle(s -> s.s3Bucket(bucket).s3Key(key)));
    context.log().println("[Flowline] Created application version " + deployment.label);
  }

  private ActionResult check(Deployment deployment, String token, ActionContext context) {
    int space = token.lastIndexOf(' ');
    Instant since = Instant.ofEpochMilli(Long.parseLong(token.substring(space + 1)));
    Optional<EnvironmentDescription> found = deployment.describeEnvironment();
    if (found.isEmpty()) {
      return ActionResult.Failed.jobFailed("Environment " + deployment.environment + " of application "
          + deployment.application + " no longer exists");
    }
    EnvironmentDescription environment = found.get();
    if (environment.status() == EnvironmentStatus.TERMINATING || environment.status() == EnvironmentStatus.TERMINATED) {
      return ActionResult.Failed.jobFailed("Environment " + deployment.environment + " is "
          + environment.statusAsString());
    }
    if (environment.status() != EnvironmentStatus.READY) {
      return waiting(token, "Environment " + deployment.environment + " is " + environment.statusAsString());
    }
    if (deployment.label.equals(environment.versionLabel())) {
      context.log().println("[Flowline] Environment " + deployment.environment + " is Ready on version "
          + deployment.label);
      return new ActionResult.Succeeded(Map.of(), Map.of(), "Deployed version "
          + deployment.label + " to environment " + deployment.environment, environment.environmentId(), null, null);
    }
    String errors = deployment.client.describeEvents(b -> b.applicationName(deployment.application)
            .environmentName(deployment.environment).startTime(since).severity(EventSeverity.ERROR))
        .events().stream().map(EventDescription::message).collect(Collectors.joining(" "));
    String message = "Deployment of version " + deployment.label + " to environment " + deployment.environment
        + " failed; the environment is Ready on version " + environment.versionLabel()
        + (errors.isEmpty() ? "" : ": " + errors);
    context.log().println("[Flowline] " + message);
    return new ActionResult.Failed("JobFailed", message, environment.environmentId(), null);
  }

  /** {@code flowline-<action execution id>}, in Elastic Beanstalk's length (the same label on every call). */
  static String versionLabel(ActionJob job) {
    String label = "flowline-" + job.actionExecutionId();
    return label.length() > MAX_LABEL ? label.substring(0, MAX_LABEL) : label;
  }

  private ActionResult waiting(String token, String summary) {
    return new ActionResult.InProgress(token, recheckAfter, summary, null, null, null);
  }

  /** The one environment and version label a job deploys. */
  private record Deployment(ElasticBeanstalkClient client, String application, String environment, String label) {

    Optional<EnvironmentDescription> describeEnvironment() {
      return client.describeEnvironments(b -> b.applicationName(application).environmentNames(environment)
              .includeDeleted(false)).environments().stream()
          .filter(e -> e.environmentName().equals(environment)).findFirst();
    }

    boolean versionExists() {
      return !client.describeApplicationVersions(b -> b.applicationName(application).versionLabels(label))
          .applicationVersions().isEmpty();
    }
  }
}

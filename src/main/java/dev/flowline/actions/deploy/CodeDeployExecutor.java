package dev.flowline.actions.deploy;

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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.CodeDeployClientBuilder;
import software.amazon.awssdk.services.codedeploy.model.ApplicationDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.BundleType;
import software.amazon.awssdk.services.codedeploy.model.DeploymentGroupDoesNotExistException;
import software.amazon.awssdk.services.codedeploy.model.RevisionLocationType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * CodePipeline's CodeDeploy action, {@code Deploy/AWS/CodeDeploy/1} (1 input, no output, 5 days): the input
 * artifact (a zip with {@code appspec.yml}) becomes an S3 revision, CreateDeployment deploys it to
 * {@code DeploymentGroupName} of {@code ApplicationName}, and the action waits for the deployment, holding no thread.
 *
 * <p>The revision: on AWS the artifact already lies in the pipeline's artifact bucket. Flowline puts the zip into
 * S3 (the {@code s3} client of the action's region and role, see {@link AwsClients}) at the artifact's own bucket
 * and key, unless an object is there already (an S3 artifact store in the same place, or a call repeated after a
 * crash). The bucket must exist; Flowline creates none.
 *
 * <p>Job semantics: the deployment's description names the action execution ({@link CodeDeployments}); a first
 * call looks for that deployment before creating one, so a call repeated after a crash waits for the deployment it
 * created. The token is the deployment id; later calls only read. Succeeded succeeds; Failed and Stopped fail with
 * CodeDeploy's error code and message.
 */
public final class CodeDeployExecutor implements ActionExecutor {

  public static final ActionTypeSpec TYPE = new ActionTypeSpec(ActionTypeId.of("Deploy", "AWS", "CodeDeploy", "1"),
      1, 1, 0, 0, List.of(
          ConfigurationProperty.required("ApplicationName", "The CodeDeploy application"),
          ConfigurationProperty.required("DeploymentGroupName", "The deployment group to deploy to")),
      false, Duration.ofDays(5));

  private final AwsClients clients;
  private final Duration recheckAfter;
  private final Supplier<CodeDeployClientBuilder> codeDeployBuilder;

  public CodeDeployExecutor(AwsClients clients, Duration recheckAfter) {
    this(clients, recheckAfter, CodeDeployClient::builder);
  }

  /** @param codeDeployBuilder how the CodeDeploy client is built before {@link AwsClients} configures it */
  public CodeDeployExecutor(AwsClients clients, Duration recheckAfter,
      Supplier<CodeDeployClientBuilder> codeDeployBuilder) {
    this.clients = clients;
    this.recheckAfter = recheckAfter;
    this.codeDeployBuilder = codeDeployBuilder;
  }

  @Override
  public ActionTypeSpec type() {
    return TYPE;
  }

  @Override
  public ActionResult execute(ActionJob job, ActionContext context) throws Exception {
    String application;
    String group;
    CodeDeployClient codeDeploy;
    try {
      application = ActionConfig.required(job, "ApplicationName");
      group = ActionConfig.required(job, "DeploymentGroupName");
      codeDeploy = clients.client("codedeploy", codeDeployBuilder, job);
    } catch (IllegalArgumentException e) {
      return ActionResult.Failed.configurationError(e.getMessage());
    }
    String region = clients.region(job);
    try {
      if (job.continuationToken() != null) {
        return CodeDeployments.outcome(codeDeploy.getDeployment(b -> b.deploymentId(job.continuationToken()))
            .deploymentInfo(), region, recheckAfter);
      }
      return start(codeDeploy, application, group, job, context);
    } catch (ApplicationDoesNotExistException e) {
      return ActionResult.Failed.configurationError("ApplicationName: " + AwsErrors.message(e));
    } catch (DeploymentGroupDoesNotExistException e) {
      return ActionResult.Failed.configurationError("DeploymentGroupName: " + AwsErrors.message(e));
    } catch (SdkClientException e) {
      if (job.continuationToken() != null) {
        context.log().println("[Flowline] Could not reach CodeDeploy; trying again: " + AwsErrors.message(e));
        return new ActionResult.InProgress(job.continuationToken(), recheckAfter, "Deployment "
            + job.continuationToken() + ": status unknown", job.continuationToken(), null, null);
      }
      return ActionResult.Failed.jobFailed("Error calling CodeDeploy: " + AwsErrors.message(e));
    } catch (SdkException e) {
      return ActionResult.Failed.jobFailed(AwsErrors.message(e));
    }
  }

  private ActionResult start(CodeDeployClient codeDeploy, String application, String group, ActionJob job,
      ActionContext context) throws IOException {
    // fails with ApplicationDoesNotExist / DeploymentGroupDoesNotExist before anything is uploaded
    codeDeploy.getDeploymentGroup(b -> b.applicationName(application).deploymentGroupName(group));
    Optional<String> started = CodeDeployments.find(codeDeploy, application, group, job,
        context.clock().instant().minus(job.timeout() == null ? TYPE.defaultTimeout() : job.timeout()));
    if (started.isPresent()) {
      context.log().println("[Flowline] Deployment " + started.get() + " was created by this action before; "
          + "waiting for it");
      return waiting(started.get(), clients.region(job));
    }
    InputArtifactRef artifact = job.inputArtifacts().get(0);
    String bucket = artifact.location().bucketName();
    String key = artifact.location().objectKey();
    try {
      upload(clients.client("s3", () -> S3Client.builder().forcePathStyle(true), job), artifact, context);
    } catch (S3Exception e) {
      return ActionResult.Failed.jobFailed("Could not upload input artifact " + artifact.name() + " as the revision "
          + "s3://" + bucket + "/" + key + ": " + AwsErrors.message(e));
    }
    String id = codeDeploy.createDeployment(b -> b.applicationName(application).deploymentGroupName(group)
        .description(CodeDeployments.description(job))
        .revision(r -> r.revisionType(RevisionLocationType.S3)
            .s3Location(s3 -> s3.bucket(bucket).key(key).bundleType(BundleType.ZIP)))).deploymentId();
    context.log().println("[Flowline] Created deployment " + id + " of s3://" + bucket + "/" + key + " to "
        + application + "/" + group);
    return waiting(id, clients.region(job));
  }

  private static void upload(S3Client s3, InputArtifactRef artifact, ActionContext context) throws IOException {
    String bucket = artifact.location().bucketName();
    String key = artifact.location().objectKey();
    try {
      s3.headObject(b -> b.bucket(bucket).key(key));
      context.log().println("[Flowline] The revision s3://" + bucket + "/" + key + " is in S3 already");
      return;
    } catch (NoSuchKeyException e) {
      // not uploaded yet
    } catch (S3Exception e) {
      if (e.statusCode() != 404 || isMissingBucket(e)) {
        throw e;
      }
    }
    Path zip = context.workspace().resolve("revision.zip");
    try (InputStream in = context.artifactStore().open(artifact.location())) {
      Files.copy(in, zip);
    }
    s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/zip"), RequestBody.fromFile(zip));
    context.log().println("[Flowline] Uploaded input artifact " + artifact.name() + " to s3://" + bucket + "/" + key);
  }

  /** HeadObject has no body, so a missing bucket is a 404 too; only a PutObject says which is missing. */
  private static boolean isMissingBucket(S3Exception e) {
    return "NoSuchBucket".equals(AwsErrors.code(e));
  }

  private ActionResult waiting(String deploymentId, String region) {
    return new ActionResult.InProgress(deploymentId, recheckAfter, "Deployment " + deploymentId + " created",
        deploymentId, CodeDeployments.consoleUrl(region, deploymentId), null);
  }
}

package dev.flowline.actions.deploy;

import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.AwsErrors;
import dev.flowline.actions.deploy.CodeDeployments.RevisionNotDeployable;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.codedeploy.CodeDeployClient;
import software.amazon.awssdk.services.codedeploy.CodeDeployClientBuilder;
import software.amazon.awssdk.services.codedeploy.model.BundleType;
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
    return CodeDeployments.run(job, context, clients, codeDeployBuilder, recheckAfter, TYPE.defaultTimeout(),
        (codeDeploy, application, group) -> {
          InputArtifactRef artifact = job.inputArtifacts().get(0);
          String bucket = artifact.location().bucketName();
          String key = artifact.location().objectKey();
          try {
            upload(clients.client("s3", () -> S3Client.builder().forcePathStyle(true), job), artifact, context);
          } catch (S3Exception e) {
            throw new RevisionNotDeployable("Could not upload input artifact " + artifact.name() + " as the revision "
                + "s3://" + bucket + "/" + key + ": " + AwsErrors.message(e), e);
          }
          return codeDeploy.createDeployment(b -> b.applicationName(application).deploymentGroupName(group)
              .description(CodeDeployments.description(job))
              .revision(r -> r.revisionType(RevisionLocationType.S3)
                  .s3Location(s3 -> s3.bucket(bucket).key(key).bundleType(BundleType.ZIP)))).deploymentId();
        });
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
      // HeadObject has no body, so a missing bucket is a bare 404 too: PutObject will say which one is missing
      if (e.statusCode() != 404) {
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
}

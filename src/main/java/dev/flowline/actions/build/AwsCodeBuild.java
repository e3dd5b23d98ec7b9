package dev.flowline.actions.build;

import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.pipeline.EnvironmentVariable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.model.BatchGetBuildsResponse;
import software.amazon.awssdk.services.codebuild.model.Build;
import software.amazon.awssdk.services.codebuild.model.BuildPhase;
import software.amazon.awssdk.services.codebuild.model.CodeBuildException;
import software.amazon.awssdk.services.codebuild.model.EnvironmentVariableType;
import software.amazon.awssdk.services.codebuild.model.ExportedEnvironmentVariable;
import software.amazon.awssdk.services.codebuild.model.InvalidInputException;
import software.amazon.awssdk.services.codebuild.model.PhaseContext;
import software.amazon.awssdk.services.codebuild.model.ResourceNotFoundException;
import software.amazon.awssdk.services.codebuild.model.StatusType;

/**
 * CodeBuild actions on AWS CodeBuild (or a compatible endpoint), as CodePipeline runs them: the first call
 * starts the build with StartBuild ({@code idempotencyToken} = the action execution id, so a call repeated
 * after a crash before the token was saved does not start a second build on AWS; the action's
 * {@code EnvironmentVariables} as {@code environmentVariablesOverride}, all three types passed through) and
 * returns InProgress with the build id as continuation token. Every later call only reads the build with
 * BatchGetBuilds: IN_PROGRESS asks to be called again after {@code recheckAfter}, SUCCEEDED succeeds (the
 * build's exported variables become output variables), FAILED, FAULT, TIMED_OUT and STOPPED fail with the
 * failing phase and its context. A network error while checking is not a failure: the next check retries.
 *
 * <p>The build uses the project's own source and artifact settings: input artifacts are not uploaded and
 * output artifacts cannot be returned yet, so an action that declares output artifacts is refused.
 */
public final class AwsCodeBuild implements CodeBuildBackend, AutoCloseable {

  private final CodeBuildClient client;
  private final Duration recheckAfter;

  public AwsCodeBuild(CodeBuildClient client, Duration recheckAfter) {
    this.client = client;
    this.recheckAfter = recheckAfter;
  }

  @Override
  public ActionResult run(CodeBuildRequest request, ActionJob job, ActionContext context) {
    if (job.continuationToken() == null) {
      return start(request, job, context);
    }
    return check(job.continuationToken(), context);
  }

  private ActionResult start(CodeBuildRequest request, ActionJob job, ActionContext context) {
    if (!request.outputArtifacts().isEmpty()) {
      return ActionResult.Failed.configurationError("Output artifacts are not supported yet with AWS CodeBuild "
          + "(flowline.codebuild.endpoint / use-aws): the build's artifacts stay where project "
          + request.projectName() + " puts them");
    }
    Build build;
    try {
      build = client.startBuild(b -> b.projectName(request.projectName())
          .idempotencyToken(job.actionExecutionId())
          .environmentVariablesOverride(overrides(request.environmentVariables()))).build();
    } catch (ResourceNotFoundException | InvalidInputException e) {
      return ActionResult.Failed.configurationError("Error calling startBuild: " + message(e));
    } catch (SdkException e) {
      return ActionResult.Failed.jobFailed("Error calling startBuild: " + message(e));
    }
    context.log().println("[Flowline] Started CodeBuild build " + build.id() + " of project " + request.projectName());
    return inProgress(build);
  }

  private ActionResult check(String buildId, ActionContext context) {
    BatchGetBuildsResponse response;
    try {
      response = client.batchGetBuilds(b -> b.ids(buildId));
    } catch (SdkClientException e) {
      context.log().println("[Flowline] Could not reach CodeBuild to check build " + buildId + "; trying again: "
          + e.getMessage());
      return new ActionResult.InProgress(buildId, recheckAfter, "Build " + buildId + ": status unknown", buildId,
          null, null);
    } catch (SdkException e) {
      return new ActionResult.Failed("JobFailed", "Error calling batchGetBuilds: " + message(e), buildId, null);
    }
    if (!response.hasBuilds() || response.builds().isEmpty()) {
      return new ActionResult.Failed("JobFailed", "Build " + buildId + " does not exist (any more)", buildId, null);
    }
    return outcome(response.builds().get(0), context);
  }

  /** What a build read by BatchGetBuilds means for the action. */
  ActionResult outcome(Build build, ActionContext context) {
    StatusType status = build.buildStatus();
    String url = build.logs() == null ? null : build.logs().deepLink();
    if (status == null || status == StatusType.IN_PROGRESS) {
      return inProgress(build);
    }
    if (status == StatusType.SUCCEEDED) {
      Map<String, String> variables = new LinkedHashMap<>();
      if (build.hasExportedEnvironmentVariables()) {
        for (ExportedEnvironmentVariable variable : build.exportedEnvironmentVariables()) {
          variables.put(variable.name(), variable.value() == null ? "" : variable.value());
        }
      }
      context.log().println("[Flowline] CodeBuild build " + build.id() + " SUCCEEDED");
      return new ActionResult.Succeeded(Map.of(), variables, BuildMessages.succeeded(java.util.Optional.empty()),
          build.id(), url, null);
    }
    String message = failure(build);
    context.log().println("[Flowline] " + message);
    return new ActionResult.Failed("JobFailed", message, build.id(), url);
  }

  private ActionResult.InProgress inProgress(Build build) {
    String phase = build.currentPhase() == null ? "SUBMITTED" : build.currentPhase();
    return new ActionResult.InProgress(build.id(), recheckAfter, "Build " + build.id() + " in phase " + phase,
        build.id(), build.logs() == null ? null : build.logs().deepLink(), null);
  }

  /** The first phase that did not succeed and its context, e.g. BUILD / COMMAND_EXECUTION_ERROR / message. */
  static String failure(Build build) {
    String state = build.buildStatusAsString();
    if (build.hasPhases()) {
      for (BuildPhase phase : build.phases()) {
        if (phase.phaseStatus() != null && phase.phaseStatus() != StatusType.SUCCEEDED
            && phase.phaseStatus() != StatusType.IN_PROGRESS) {
          PhaseContext context = phase.hasContexts() && !phase.contexts().isEmpty() ? phase.contexts().get(0) : null;
          return BuildMessages.terminated(state, phase.phaseTypeAsString(),
              context == null || context.statusCode() == null ? phase.phaseStatusAsString() : context.statusCode(),
              context == null || context.message() == null ? "" : context.message());
        }
      }
    }
    String phase = build.currentPhase() == null ? "UNKNOWN" : build.currentPhase();
    return BuildMessages.terminated(state, phase, state, "");
  }

  private static List<software.amazon.awssdk.services.codebuild.model.EnvironmentVariable> overrides(
      List<EnvironmentVariable> variables) {
    return variables.stream().map(v -> software.amazon.awssdk.services.codebuild.model.EnvironmentVariable.builder()
        .name(v.name()).value(v.value()).type(EnvironmentVariableType.fromValue(v.type())).build()).toList();
  }

  private static String message(SdkException e) {
    if (e instanceof CodeBuildException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorMessage();
    }
    return e.getMessage();
  }

  @Override
  public void close() {
    client.close();
  }
}

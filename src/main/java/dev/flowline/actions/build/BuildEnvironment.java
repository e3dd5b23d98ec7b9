package dev.flowline.actions.build;

import dev.flowline.actions.ActionJob;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.shell.ShellScripts;
import dev.flowline.pipeline.EnvironmentVariable;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The environment of a local build, lowest precedence first: PATH, HOME, LANG and USER of the server
 * (nothing else of it), CodeBuild's built-in variables, the buildspec's {@code env/variables}, then the
 * action's {@code EnvironmentVariables} (CodeBuild's order: start build over buildspec).
 */
final class BuildEnvironment {

  /** The ids a local build is known by. */
  record Ids(String buildId, String buildArn, long buildNumber, long startTimeMillis) {}

  private BuildEnvironment() {}

  static Map<String, String> of(ActionJob job, CodeBuildRequest request, Ids ids, String region, Path primary,
      Map<String, Path> secondary, Path temp, Map<String, String> buildspecVariables) {
    Map<String, String> environment = ShellScripts.baseEnvironment(primary, temp);
    environment.put("CODEBUILD_CI", "true");
    environment.put("CODEBUILD_BUILD_ID", ids.buildId());
    environment.put("CODEBUILD_BUILD_ARN", ids.buildArn());
    environment.put("CODEBUILD_BUILD_NUMBER", Long.toString(ids.buildNumber()));
    environment.put("CODEBUILD_START_TIME", Long.toString(ids.startTimeMillis()));
    environment.put("CODEBUILD_INITIATOR", "codepipeline/" + job.pipelineName());
    environment.put("CODEBUILD_LOG_PATH", ids.buildId().substring(ids.buildId().indexOf(':') + 1));
    environment.put("CODEBUILD_SRC_DIR", primary.toString());
    InputArtifactRef source = request.primarySource();
    if (source.location() != null) {
      environment.put("CODEBUILD_SOURCE_VERSION",
          "arn:aws:s3:::" + source.location().bucketName() + "/" + source.location().objectKey());
    }
    if (source.revisionId() != null) {
      environment.put("CODEBUILD_RESOLVED_SOURCE_VERSION", source.revisionId());
    }
    secondary.forEach((name, dir) -> environment.put("CODEBUILD_SRC_DIR_" + name, dir.toString()));
    environment.put("AWS_REGION", region);
    environment.put("AWS_DEFAULT_REGION", region);
    environment.putAll(buildspecVariables);
    for (EnvironmentVariable variable : request.environmentVariables()) {
      environment.put(variable.name(), variable.value());
    }
    return environment;
  }

  /**
   * Why the action's variables cannot run locally, or null: only PLAINTEXT is supported, names must suit
   * the shell and may not start with CODEBUILD_. Never mentions a value.
   */
  static String problem(List<EnvironmentVariable> variables) {
    for (EnvironmentVariable variable : variables) {
      if (!variable.type().equals("PLAINTEXT")) {
        return "Environment variable '" + variable.name() + "' has type " + variable.type()
            + ", which is not supported yet by Flowline's local CodeBuild runner";
      }
      if (!ShellScripts.VARIABLE_NAME.matcher(variable.name()).matches()) {
        return "Environment variable '" + variable.name() + "' is not a valid shell variable name";
      }
      if (variable.name().startsWith("CODEBUILD_")) {
        return "Environment variable '" + variable.name() + "': names starting with CODEBUILD_ are reserved";
      }
    }
    return null;
  }
}

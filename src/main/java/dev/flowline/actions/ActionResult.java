package dev.flowline.actions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** How a job ended, or that it has not ended yet. */
public sealed interface ActionResult {

  /**
   * The job is done. {@code outputArtifacts} maps each declared output artifact name to a zip file
   * the worker stores; {@code revision} is set by source actions.
   */
  record Succeeded(
      Map<String, Path> outputArtifacts,
      Map<String, String> outputVariables,
      String summary,
      String externalExecutionId,
      String externalExecutionUrl,
      Revision revision) implements ActionResult {

    public static Succeeded withSummary(String summary) {
      return new Succeeded(Map.of(), Map.of(), summary, null, null, null);
    }
  }

  /** The job failed; {@code failureType} is one of CodePipeline's FailureType values. */
  record Failed(String failureType, String message, String externalExecutionId, String externalExecutionUrl)
      implements ActionResult {

    public static Failed jobFailed(String message) {
      return new Failed("JobFailed", message, null, null);
    }

    public static Failed configurationError(String message) {
      return new Failed("ConfigurationError", message, null, null);
    }
  }

  /** Still running elsewhere: call again with {@code continuationToken} after {@code recheckAfter}. */
  record InProgress(
      String continuationToken,
      Duration recheckAfter,
      String summary,
      String externalExecutionId,
      String externalExecutionUrl,
      Integer percentComplete) implements ActionResult {}

  /** A source revision: the commit, object version or image digest an artifact was made from. */
  record Revision(String revisionId, String revisionChangeIdentifier, String revisionSummary, String revisionUrl) {}
}

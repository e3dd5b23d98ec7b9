package dev.flowline.actions;

import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.EnvironmentVariable;
import dev.flowline.pipeline.OutputArtifact;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One job: everything an executor needs to run an action once. {@code configuration},
 * {@code commands} and environment variable values arrive with every {@code #{...}} reference already
 * resolved.
 *
 * @param actionExecutionId  stable for every call of the same action execution (use it as idempotency token)
 * @param continuationToken  null on the first call; the token of the last InProgress result afterwards
 * @param timeout            how long the action may run in total
 * @param sourceRevisions    for a source action: the revision(s) this execution must use instead of the latest
 *                           one ({@code StartPipelineExecution}'s {@code sourceRevisions} for this action, or
 *                           the commit a push started the execution with); empty means "the latest"
 */
public record ActionJob(
    String actionExecutionId,
    String pipelineName,
    String pipelineExecutionId,
    String stageName,
    String actionName,
    ActionTypeId actionTypeId,
    Map<String, String> configuration,
    List<String> commands,
    List<EnvironmentVariable> environmentVariables,
    List<String> outputVariables,
    List<InputArtifactRef> inputArtifacts,
    List<OutputArtifact> outputArtifacts,
    String region,
    String continuationToken,
    Duration timeout,
    List<RevisionOverride> sourceRevisions,
    String roleArn,
    String pipelineRoleArn) {

  /** One source revision override: {@code revisionType} is COMMIT_ID, IMAGE_DIGEST, S3_OBJECT_VERSION_ID or S3_OBJECT_KEY. */
  public record RevisionOverride(String revisionType, String revisionValue) {}

  public ActionJob {
    sourceRevisions = sourceRevisions == null ? List.of() : List.copyOf(sourceRevisions);
  }

  /** A job that names no role. */
  public ActionJob(String actionExecutionId, String pipelineName, String pipelineExecutionId, String stageName,
      String actionName, ActionTypeId actionTypeId, Map<String, String> configuration, List<String> commands,
      List<EnvironmentVariable> environmentVariables, List<String> outputVariables,
      List<InputArtifactRef> inputArtifacts, List<OutputArtifact> outputArtifacts, String region,
      String continuationToken, Duration timeout, List<RevisionOverride> sourceRevisions) {
    this(actionExecutionId, pipelineName, pipelineExecutionId, stageName, actionName, actionTypeId, configuration,
        commands, environmentVariables, outputVariables, inputArtifacts, outputArtifacts, region, continuationToken,
        timeout, sourceRevisions, null, null);
  }

  /** A job without source revision overrides. */
  public ActionJob(String actionExecutionId, String pipelineName, String pipelineExecutionId, String stageName,
      String actionName, ActionTypeId actionTypeId, Map<String, String> configuration, List<String> commands,
      List<EnvironmentVariable> environmentVariables, List<String> outputVariables,
      List<InputArtifactRef> inputArtifacts, List<OutputArtifact> outputArtifacts, String region,
      String continuationToken, Duration timeout) {
    this(actionExecutionId, pipelineName, pipelineExecutionId, stageName, actionName, actionTypeId, configuration,
        commands, environmentVariables, outputVariables, inputArtifacts, outputArtifacts, region, continuationToken,
        timeout, List.of(), null, null);
  }

  /** The override of the given type, if this execution was started with one. */
  public Optional<String> sourceRevision(String revisionType) {
    return sourceRevisions.stream().filter(r -> revisionType.equals(r.revisionType()))
        .map(RevisionOverride::revisionValue).findFirst();
  }

  /** The same job, called again with {@code token} (as the worker does after an InProgress result). */
  public ActionJob withContinuationToken(String token) {
    return new ActionJob(actionExecutionId, pipelineName, pipelineExecutionId, stageName, actionName, actionTypeId,
        configuration, commands, environmentVariables, outputVariables, inputArtifacts, outputArtifacts, region, token,
        timeout, sourceRevisions, roleArn, pipelineRoleArn);
  }

  public String config(String key) {
    return configuration == null ? null : configuration.get(key);
  }
}

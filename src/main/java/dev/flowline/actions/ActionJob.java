package dev.flowline.actions;

import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.EnvironmentVariable;
import dev.flowline.pipeline.OutputArtifact;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One job: everything an executor needs to run an action once. {@code configuration},
 * {@code commands} and environment variable values arrive with every {@code #{...}} reference already
 * resolved.
 *
 * @param actionExecutionId  stable for every call of the same action execution (use it as idempotency token)
 * @param continuationToken  null on the first call; the token of the last InProgress result afterwards
 * @param timeout            how long the action may run in total
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
    Duration timeout) {

  public String config(String key) {
    return configuration == null ? null : configuration.get(key);
  }
}

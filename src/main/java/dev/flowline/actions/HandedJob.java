package dev.flowline.actions;

import java.util.Map;

/**
 * One job to hand off: its id and account (what the taker reports with), the assembled job (configuration,
 * region, role), and CodePipeline's JobData of it as JSON members ({@code actionTypeId}, {@code actionConfiguration},
 * {@code pipelineContext}, {@code inputArtifacts}, {@code outputArtifacts}, {@code artifactCredentials},
 * {@code continuationToken}, {@code encryptionKey}; absent members are left out). The data holds the job's artifact
 * credentials and secret configuration values: never log it.
 */
public record HandedJob(String id, String accountId, ActionJob job, Map<String, Object> data) {

  @Override
  public String toString() {
    return "HandedJob[id=" + id + ", action=" + job.stageName() + "/" + job.actionName() + "]";
  }
}

package dev.flowline.engine.jobs;

import dev.flowline.pipeline.ActionTypeId;
import java.util.List;
import java.util.Map;

/**
 * CodePipeline's JobData: everything a worker needs to do one job. {@code artifactCredentials} reach only this
 * job's artifacts and expire with it; {@code actionConfiguration} includes secret values, as CodePipeline's does.
 */
public record JobData(ActionTypeId actionTypeId, ActionConfiguration actionConfiguration,
    PipelineContext pipelineContext, List<Artifact> inputArtifacts, List<Artifact> outputArtifacts,
    Credentials artifactCredentials, String continuationToken, EncryptionKey encryptionKey) {

  public record ActionConfiguration(Map<String, String> configuration) {}

  public record PipelineContext(String pipelineName, Stage stage, Action action, String pipelineArn,
      String pipelineExecutionId) {}

  public record Stage(String name) {}

  public record Action(String name, String actionExecutionId) {}

  public record Artifact(String name, String revision, Location location) {

    public static Artifact s3(String name, String revision, String bucketName, String objectKey) {
      return new Artifact(name, revision, new Location("S3", new S3Location(bucketName, objectKey)));
    }
  }

  public record Location(String type, S3Location s3Location) {}

  public record S3Location(String bucketName, String objectKey) {}

  public record Credentials(String accessKeyId, String secretAccessKey, String sessionToken) {

    @Override
    public String toString() {
      return "Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****, sessionToken=****]";
    }
  }

  public record EncryptionKey(String id, String type) {}
}

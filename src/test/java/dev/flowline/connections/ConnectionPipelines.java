package dev.flowline.connections;

import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDocument;

/** Pipelines with a CodeStarSourceConnection source and a Commands build, for the connection and webhook tests. */
public final class ConnectionPipelines {

  private ConnectionPipelines() {}

  /**
   * Source (connection, repository, branch; namespace SourceVariables) -> Build (Commands that check the
   * checkout has {@code hello.txt} and export the commit it built as BUILT_COMMIT).
   *
   * @param triggers the {@code triggers} JSON array, or null for none
   * @param detectChanges the DetectChanges value, or null to leave it out
   */
  public static PipelineDocument pipeline(String name, String connectionArn, String repository, String branch,
      String triggers, String detectChanges) {
    return PipelineCodec.read("""
        {
          "pipeline": {
            "name": "%s",
            "roleArn": "arn:aws:iam::123456789012:role/flowline-tests",
            "artifactStore": { "type": "S3", "location": "flowline-artifacts" },
            "pipelineType": "V2",
            "executionMode": "QUEUED",
            %s
            "stages": [
              { "name": "Source", "actions": [ {
                  "name": "Source",
                  "actionTypeId": { "category": "Source", "owner": "AWS", "provider": "CodeStarSourceConnection", "version": "1" },
                  "configuration": { "ConnectionArn": "%s", "FullRepositoryId": "%s", "BranchName": "%s"%s },
                  "outputArtifacts": [ { "name": "SourceOutput" } ],
                  "namespace": "SourceVariables" } ] },
              { "name": "Build", "actions": [ {
                  "name": "Build",
                  "actionTypeId": { "category": "Compute", "owner": "AWS", "provider": "Commands", "version": "1" },
                  "commands": [ "test -f hello.txt", "export BUILT_COMMIT=#{SourceVariables.CommitId}" ],
                  "outputVariables": [ "BUILT_COMMIT" ],
                  "inputArtifacts": [ { "name": "SourceOutput" } ],
                  "namespace": "BuildVariables" } ] }
            ]
          }
        }
        """.formatted(name, triggers == null ? "" : "\"triggers\": " + triggers + ",", connectionArn, repository, branch,
        detectChanges == null ? "" : ", \"DetectChanges\": \"" + detectChanges + "\""));
  }
}

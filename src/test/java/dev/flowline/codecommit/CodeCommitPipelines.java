package dev.flowline.codecommit;

import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDocument;

/** Pipelines with a CodeCommit source and a Commands build, as the git hosting and trigger tests use them. */
public final class CodeCommitPipelines {

  private CodeCommitPipelines() {}

  /**
   * Source (CodeCommit {@code repository}/{@code branch}, namespace SourceVariables) -> Build (Commands that
   * check the checkout has {@code hello.txt} and export the commit it built as BUILT_COMMIT).
   *
   * @param triggers the {@code triggers} JSON array, or null for none
   */
  public static PipelineDocument pipeline(String name, String repository, String branch, String executionMode,
      String triggers) {
    return PipelineCodec.read(json(name, repository, branch, executionMode, triggers, "CODE_ZIP"));
  }

  public static String json(String name, String repository, String branch, String executionMode, String triggers,
      String outputArtifactFormat) {
    return """
        {
          "pipeline": {
            "name": "%s",
            "roleArn": "arn:aws:iam::123456789012:role/flowline-tests",
            "artifactStore": { "type": "S3", "location": "flowline-artifacts" },
            "pipelineType": "V2",
            "executionMode": "%s",
            %s
            "stages": [
              { "name": "Source", "actions": [ {
                  "name": "Source",
                  "actionTypeId": { "category": "Source", "owner": "AWS", "provider": "CodeCommit", "version": "1" },
                  "configuration": { "RepositoryName": "%s", "BranchName": "%s", "PollForSourceChanges": "false",
                                     "OutputArtifactFormat": "%s" },
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
        """.formatted(name, executionMode, triggers == null ? "" : "\"triggers\": " + triggers + ",", repository, branch,
        outputArtifactFormat);
  }

  /** A V2 trigger on the action "Source" with the given push filter JSON objects. */
  public static String pushTrigger(String... pushFilters) {
    return """
        [ { "providerType": "CodeStarSourceConnection",
            "gitConfiguration": { "sourceActionName": "Source", "push": [ %s ] } } ]
        """.formatted(String.join(", ", pushFilters));
  }
}

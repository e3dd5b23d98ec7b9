package dev.flowline.bench;

import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDocument;

/**
 * The benchmark's pipelines, shaped like the demo without its approval: Source, Build, Test (two actions
 * in parallel) and Deploy, five actions in four stages.
 */
final class BenchPipelines {
  static final int ACTIONS = 5;
  static final String SOURCE_BUCKET = "bench-source";
  static final String SOURCE_KEY = "app.zip";

  private BenchPipelines() {}

  /** What the actions do: succeed in-process at once, or run {@code true} in bash as Commands actions. */
  enum Work { NOOP, COMMANDS }

  static PipelineDocument pipeline(String name, String mode, Work work) {
    String actions = work == Work.NOOP ? noOpStages() : commandsStages();
    return PipelineCodec.read("""
        { "pipeline": {
            "name": "%s",
            "roleArn": "arn:aws:iam::123456789012:role/bench",
            "artifactStore": { "type": "S3", "location": "flowline-artifacts" },
            "pipelineType": "V2",
            "executionMode": "%s",
            "stages": %s } }
        """.formatted(name, mode, actions));
  }

  private static String noOpStages() {
    return """
        [ { "name": "Source", "actions": [ %s ] },
          { "name": "Build", "actions": [ %s ] },
          { "name": "Test", "actions": [ %s, %s ] },
          { "name": "Deploy", "actions": [ %s ] } ]
        """.formatted(noOp("Source", "Source"), noOp("Build", "Build"), noOp("UnitTests", "Test"),
        noOp("LintHtml", "Test"), noOp("Deploy", "Deploy"));
  }

  private static String noOp(String name, String category) {
    return """
        { "name": "%s", "runOrder": 1,
          "actionTypeId": { "category": "%s", "owner": "Custom", "provider": "%s", "version": "1" } }
        """.formatted(name, category, NoOpActions.PROVIDER);
  }

  private static String commandsStages() {
    return """
        [ { "name": "Source", "actions": [ {
              "name": "Source",
              "actionTypeId": { "category": "Source", "owner": "AWS", "provider": "S3", "version": "1" },
              "configuration": { "S3Bucket": "%s", "S3ObjectKey": "%s", "PollForSourceChanges": "false" },
              "outputArtifacts": [ { "name": "SourceOutput" } ] } ] },
          { "name": "Build", "actions": [ %s ] },
          { "name": "Test", "actions": [ %s, %s ] },
          { "name": "Deploy", "actions": [ %s ] } ]
        """.formatted(SOURCE_BUCKET, SOURCE_KEY, commandsTrue("Build"), commandsTrue("UnitTests"),
        commandsTrue("LintHtml"), commandsTrue("Deploy"));
  }

  private static String commandsTrue(String name) {
    return """
        { "name": "%s", "runOrder": 1,
          "actionTypeId": { "category": "Compute", "owner": "AWS", "provider": "Commands", "version": "1" },
          "commands": [ "true" ],
          "inputArtifacts": [ { "name": "SourceOutput" } ] }
        """.formatted(name);
  }
}

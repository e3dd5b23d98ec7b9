package dev.flowline.cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.services.codepipeline.model.ActionCategory;
import software.amazon.awssdk.services.codepipeline.model.ActionDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ActionOwner;
import software.amazon.awssdk.services.codepipeline.model.ActionTypeId;
import software.amazon.awssdk.services.codepipeline.model.ArtifactStoreType;
import software.amazon.awssdk.services.codepipeline.model.ExecutionMode;
import software.amazon.awssdk.services.codepipeline.model.InputArtifact;
import software.amazon.awssdk.services.codepipeline.model.OutputArtifact;
import software.amazon.awssdk.services.codepipeline.model.PipelineDeclaration;
import software.amazon.awssdk.services.codepipeline.model.PipelineType;
import software.amazon.awssdk.services.codepipeline.model.StageDeclaration;

/**
 * Pipelines for the multi-process tests, built with the SDK's model classes as a user would: an S3 source
 * ({@code s3://src-<pipeline>/app.zip}, a bucket directory under the node's data dir) followed by other stages.
 */
final class NodePipelines {

  static final String SOURCE_ARTIFACT = "Src";

  private NodePipelines() {}

  static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Writes the pipeline's source object, a one-file zip, into the local bucket of {@code dataDir}. */
  static void putSource(Path dataDir, String pipeline) throws IOException {
    Path object = dataDir.resolve("s3").resolve("src-" + pipeline).resolve("app.zip");
    Files.createDirectories(object.getParent());
    try (OutputStream out = Files.newOutputStream(object); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("README.md"));
      zip.write(("# source of " + pipeline + "\n").getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
  }

  /** Source, then one stage {@code Build} with a single CodeBuild action {@code Build} on {@code project}. */
  static PipelineDeclaration codeBuild(String name, String project) {
    return pipeline(name, null, List.of(stage("Build", ActionDeclaration.builder().name("Build")
        .actionTypeId(type(ActionCategory.BUILD, "CodeBuild"))
        .configuration(Map.of("ProjectName", project))
        .inputArtifacts(InputArtifact.builder().name(SOURCE_ARTIFACT).build())
        .build())));
  }

  /** Source, then one stage per entry of {@code stages} (stage name -> its Commands action's commands). */
  static PipelineDeclaration commands(String name, ExecutionMode mode, Map<String, List<String>> stages) {
    List<StageDeclaration> declared = new ArrayList<>();
    stages.forEach((stage, commands) -> declared.add(stage(stage, ActionDeclaration.builder().name(stage)
        .actionTypeId(type(ActionCategory.COMPUTE, "Commands"))
        .commands(commands)
        .inputArtifacts(InputArtifact.builder().name(SOURCE_ARTIFACT).build())
        .build())));
    return pipeline(name, mode, declared);
  }

  private static PipelineDeclaration pipeline(String name, ExecutionMode mode, List<StageDeclaration> stages) {
    List<StageDeclaration> all = new ArrayList<>();
    all.add(stage("Source", ActionDeclaration.builder().name("Source")
        .actionTypeId(type(ActionCategory.SOURCE, "S3"))
        .configuration(Map.of("S3Bucket", "src-" + name, "S3ObjectKey", "app.zip", "PollForSourceChanges", "false"))
        .outputArtifacts(OutputArtifact.builder().name(SOURCE_ARTIFACT).build())
        .build()));
    all.addAll(stages);
    return PipelineDeclaration.builder()
        .name(name)
        .roleArn("arn:aws:iam::123456789012:role/flowline")
        .artifactStore(a -> a.type(ArtifactStoreType.S3).location("flowline-artifacts"))
        .pipelineType(PipelineType.V2)
        .executionMode(mode == null ? ExecutionMode.SUPERSEDED : mode)
        .stages(all)
        .build();
  }

  private static StageDeclaration stage(String name, ActionDeclaration action) {
    return StageDeclaration.builder().name(name).actions(action).build();
  }

  private static ActionTypeId type(ActionCategory category, String provider) {
    return ActionTypeId.builder().category(category).owner(ActionOwner.AWS).provider(provider).version("1").build();
  }
}

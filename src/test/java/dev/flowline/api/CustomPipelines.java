package dev.flowline.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionCategory;
import software.amazon.awssdk.services.codepipeline.model.ActionConfigurationProperty;
import software.amazon.awssdk.services.codepipeline.model.ActionDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ActionOwner;
import software.amazon.awssdk.services.codepipeline.model.ActionTypeId;
import software.amazon.awssdk.services.codepipeline.model.Artifact;
import software.amazon.awssdk.services.codepipeline.model.ExecutionMode;
import software.amazon.awssdk.services.codepipeline.model.InputArtifact;
import software.amazon.awssdk.services.codepipeline.model.OutputArtifact;
import software.amazon.awssdk.services.codepipeline.model.PipelineDeclaration;
import software.amazon.awssdk.services.codepipeline.model.PipelineType;
import software.amazon.awssdk.services.codepipeline.model.StageDeclaration;

/**
 * Pipelines with a custom action in the middle (Source → custom Build → S3 deploy of the build's output, keyed by
 * the build's output variable), and the artifact files a test worker reads and writes in the embedded store.
 */
final class CustomPipelines {

  static final String DEPLOY_BUCKET = "custom-deploys";

  private CustomPipelines() {}

  /** Registers {@code Build/Custom/<provider>/1}: one input, one output, a required queryable ProjectName. */
  static void registerType(CodePipelineClient client, String provider) {
    client.createCustomActionType(r -> r.category(ActionCategory.BUILD).provider(provider).version("1")
        .configurationProperties(ActionConfigurationProperty.builder().name("ProjectName").required(true).key(true)
            .secret(false).queryable(true).build())
        .inputArtifactDetails(d -> d.minimumCount(1).maximumCount(1))
        .outputArtifactDetails(d -> d.minimumCount(0).maximumCount(1)));
  }

  static ActionTypeId type(String provider) {
    return ActionTypeId.builder().category(ActionCategory.BUILD).owner(ActionOwner.CUSTOM).provider(provider)
        .version("1").build();
  }

  /**
   * Source → Build (the custom action, namespace {@code Built}, output {@code BuiltOutput}) → Deploy (S3, the
   * build's output stored as {@code <#{Built.Greeting}>.zip} in {@link #DEPLOY_BUCKET}).
   */
  static PipelineDeclaration sourceCustomDeploy(String name, String provider, String project, Integer timeoutMinutes) {
    PipelineDeclaration base = SdkPipelines.sourceThenApproval(name);
    return base.toBuilder().pipelineType(PipelineType.V2).executionMode(ExecutionMode.PARALLEL).stages(
        base.stages().get(0),
        StageDeclaration.builder().name("Build").actions(ActionDeclaration.builder().name("External")
            .actionTypeId(type(provider)).configuration(Map.of("ProjectName", project)).namespace("Built")
            .timeoutInMinutes(timeoutMinutes)
            .inputArtifacts(InputArtifact.builder().name("SourceOutput").build())
            .outputArtifacts(OutputArtifact.builder().name("BuiltOutput").build()).build()).build(),
        StageDeclaration.builder().name("Deploy").actions(ActionDeclaration.builder().name("Publish")
            .actionTypeId(SdkPipelines.type(ActionCategory.DEPLOY, "S3"))
            .configuration(Map.of("BucketName", DEPLOY_BUCKET, "Extract", "false",
                "ObjectKey", "#{Built.Greeting}.zip"))
            .inputArtifacts(InputArtifact.builder().name("BuiltOutput").build()).build()).build())
        .build();
  }

  static Path artifactFile(Artifact artifact) {
    return ApiTestData.DATA_DIR.resolve("artifacts").resolve(artifact.location().s3Location().bucketName())
        .resolve(artifact.location().s3Location().objectKey());
  }

  /** The text of {@code entry} in a zip. */
  static String entry(Path zip, String entry) {
    try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry e = entries.getNextEntry(); e != null; e = entries.getNextEntry()) {
        if (e.getName().equals(entry)) {
          return new String(entries.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
      throw new IllegalStateException(entry + " is not in " + zip);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a zip with one entry where the job told the worker to upload (the embedded store's file). */
  static void upload(Artifact artifact, String entry, String text) {
    Path target = artifactFile(artifact);
    try {
      Files.createDirectories(target.getParent());
      try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
        zip.putNextEntry(new ZipEntry(entry));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

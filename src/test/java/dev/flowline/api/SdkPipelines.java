package dev.flowline.api;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.codepipeline.model.ActionCategory;
import software.amazon.awssdk.services.codepipeline.model.ActionDeclaration;
import software.amazon.awssdk.services.codepipeline.model.ActionOwner;
import software.amazon.awssdk.services.codepipeline.model.ActionTypeId;
import software.amazon.awssdk.services.codepipeline.model.ArtifactStore;
import software.amazon.awssdk.services.codepipeline.model.ArtifactStoreType;
import software.amazon.awssdk.services.codepipeline.model.OutputArtifact;
import software.amazon.awssdk.services.codepipeline.model.PipelineDeclaration;
import software.amazon.awssdk.services.codepipeline.model.StageDeclaration;

/** Pipeline declarations built with the SDK's own model classes, as an SDK user would. */
final class SdkPipelines {

  static final String SOURCE_STAGE = "Source";
  static final String APPROVAL_STAGE = "Approve";
  static final String APPROVAL_ACTION = "Release";

  private SdkPipelines() {}

  /** Source (S3) then a manual approval: every execution waits for PutApprovalResult in stage Approve. */
  static PipelineDeclaration sourceThenApproval(String name) {
    return PipelineDeclaration.builder()
        .name(name)
        .roleArn("arn:aws:iam::123456789012:role/flowline")
        .artifactStore(ArtifactStore.builder().type(ArtifactStoreType.S3).location("flowline-artifacts").build())
        .stages(
            StageDeclaration.builder().name(SOURCE_STAGE).actions(ActionDeclaration.builder()
                .name("Fetch")
                .actionTypeId(type(ActionCategory.SOURCE, "S3"))
                .configuration(Map.of("S3Bucket", "flowline-sources", "S3ObjectKey", "app.zip",
                    "PollForSourceChanges", "false"))
                .outputArtifacts(OutputArtifact.builder().name("SourceOutput").build())
                .build()).build(),
            StageDeclaration.builder().name(APPROVAL_STAGE).actions(ActionDeclaration.builder()
                .name(APPROVAL_ACTION)
                .actionTypeId(type(ActionCategory.APPROVAL, "Manual"))
                .configuration(Map.of("CustomData", "Release it?"))
                .build()).build())
        .build();
  }

  static ActionTypeId type(ActionCategory category, String provider) {
    return ActionTypeId.builder().category(category).owner(ActionOwner.AWS).provider(provider).version("1").build();
  }

  static List<String> stageNames(PipelineDeclaration pipeline) {
    return pipeline.stages().stream().map(StageDeclaration::name).toList();
  }
}

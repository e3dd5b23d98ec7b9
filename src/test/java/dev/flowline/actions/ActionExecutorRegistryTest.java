package dev.flowline.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.actions.compute.CommandsExecutor;
import dev.flowline.actions.deploy.S3DeployExecutor;
import dev.flowline.actions.s3.LocalBucketObjectStore;
import dev.flowline.actions.sandbox.Sandbox;
import dev.flowline.actions.sandbox.SandboxProperties;
import dev.flowline.actions.source.S3SourceExecutor;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ActionExecutorRegistryTest {

  final LocalBucketObjectStore buckets = new LocalBucketObjectStore(Path.of("unused"));
  final CommandsExecutor commands = new CommandsExecutor(Sandbox.of(SandboxProperties.defaults()));
  final S3SourceExecutor s3Source = new S3SourceExecutor(buckets);
  final S3DeployExecutor s3Deploy = new S3DeployExecutor(buckets);

  ActionExecutorRegistry registry() {
    return new ActionExecutorRegistry(List.of(s3Deploy, commands, s3Source), List.of(BuiltInActionTypes.MANUAL_APPROVAL));
  }

  @Test
  @DisplayName("each executor is found by its action type, and its spec is in the catalog")
  void executorsAreFoundByType() {
    ActionExecutorRegistry registry = registry();

    assertThat(registry.executor(ActionTypeId.of("Compute", "AWS", "Commands", "1"))).containsSame(commands);
    assertThat(registry.executor(ActionTypeId.of("Source", "AWS", "S3", "1"))).containsSame(s3Source);
    assertThat(registry.find(ActionTypeId.of("Deploy", "AWS", "S3", "1"))).contains(s3Deploy.type());
  }

  @Test
  @DisplayName("the manual approval is in the catalog but has no executor: the engine handles it")
  void approvalIsCataloguedWithoutExecutor() {
    ActionTypeId approval = ActionTypeId.of("Approval", "AWS", "Manual", "1");

    assertThat(registry().find(approval)).contains(BuiltInActionTypes.MANUAL_APPROVAL);
    assertThat(registry().executor(approval)).isEmpty();
  }

  @Test
  @DisplayName("an unknown provider is neither in the catalog nor has an executor")
  void unknownTypeIsAbsent() {
    ActionTypeId codeBuild = ActionTypeId.of("Build", "AWS", "CodeBuild", "1");

    assertThat(registry().find(codeBuild)).isEmpty();
    assertThat(registry().executor(codeBuild)).isEmpty();
  }

  @Test
  @DisplayName("all() lists every type once, ordered by topic")
  void allIsOrderedByTopic() {
    assertThat(registry().all()).extracting(spec -> spec.id().topic())
        .containsExactly("Approval/AWS/Manual/1", "Compute/AWS/Commands/1", "Deploy/AWS/S3/1", "Source/AWS/S3/1");
  }

  @Test
  @DisplayName("two executors for the same action type fail the registry at startup, naming the type")
  void duplicateExecutorFailsFast() {
    assertThatThrownBy(() -> new ActionExecutorRegistry(List.of(commands, new CommandsExecutor(Sandbox.of(SandboxProperties.defaults()))), List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Compute/AWS/Commands/1")
        .hasMessageContaining("provided twice");
  }

  @Test
  @DisplayName("an engine-handled type that an executor also provides fails the registry")
  void executorShadowingEngineTypeFailsFast() {
    ActionTypeSpec sameAsCommands = new ActionTypeSpec(commands.type().id(), 0, 0, 0, 0, List.of(), false, Duration.ofHours(1));

    assertThatThrownBy(() -> new ActionExecutorRegistry(List.of(commands), List.of(sameAsCommands)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the engine");
  }

  @Test
  @DisplayName("the manual approval spec: Approval/AWS/Manual/1, no artifacts, three optional keys, 7 days")
  void manualApprovalSpec() {
    ActionTypeSpec spec = BuiltInActionTypes.MANUAL_APPROVAL;

    assertThat(spec.id().topic()).isEqualTo("Approval/AWS/Manual/1");
    assertThat(List.of(spec.minInputArtifacts(), spec.maxInputArtifacts(), spec.minOutputArtifacts(), spec.maxOutputArtifacts()))
        .containsOnly(0);
    assertThat(spec.configurationProperties()).extracting(ActionTypeSpec.ConfigurationProperty::name)
        .containsExactly("NotificationArn", "ExternalEntityLink", "CustomData");
    assertThat(spec.configurationProperties()).noneMatch(ActionTypeSpec.ConfigurationProperty::required);
    assertThat(spec.defaultTimeout()).isEqualTo(Duration.ofDays(7));
  }
}

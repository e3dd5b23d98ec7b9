package dev.flowline.actions.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeTaskDefinitionResponse;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionField;

/**
 * Task definition revisions registered by the ECS actions. Each revision Flowline registers carries the tag
 * {@value #TAG} = action execution id, so a first call repeated after a crash (RegisterTaskDefinition done, the
 * continuation token not yet saved) finds the revision it registered instead of registering a second one.
 */
final class TaskDefinitions {

  static final String TAG = "flowline:action-execution-id";

  private TaskDefinitions() {}

  /**
   * The registration of a new revision of {@code current} with the images of {@code images} (container name ->
   * image) and everything else as it was, tagged for {@code actionExecutionId}.
   *
   * @throws IllegalArgumentException when a container of {@code images} is not in the task definition
   */
  static RegisterTaskDefinitionRequest withImages(TaskDefinition current, List<Tag> currentTags,
      Map<String, String> images, String actionExecutionId) {
    Set<String> unknown = new LinkedHashSet<>(images.keySet());
    List<ContainerDefinition> containers = new ArrayList<>();
    for (ContainerDefinition container : current.containerDefinitions()) {
      String image = images.get(container.name());
      unknown.remove(container.name());
      containers.add(image == null ? container : container.toBuilder().image(image).build());
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("The AWS ECS container " + String.join(", ", unknown)
          + " does not exist in task definition " + current.family() + ":" + current.revision());
    }
    return RegisterTaskDefinitionRequest.builder()
        .family(current.family())
        .taskRoleArn(current.taskRoleArn())
        .executionRoleArn(current.executionRoleArn())
        .networkMode(current.networkModeAsString())
        .containerDefinitions(containers)
        .volumes(current.hasVolumes() ? current.volumes() : null)
        .placementConstraints(current.hasPlacementConstraints() ? current.placementConstraints() : null)
        .requiresCompatibilitiesWithStrings(current.hasRequiresCompatibilities()
            ? current.requiresCompatibilitiesAsStrings() : null)
        .cpu(current.cpu())
        .memory(current.memory())
        .pidMode(current.pidModeAsString())
        .ipcMode(current.ipcModeAsString())
        .proxyConfiguration(current.proxyConfiguration())
        .inferenceAccelerators(current.hasInferenceAccelerators() ? current.inferenceAccelerators() : null)
        .ephemeralStorage(current.ephemeralStorage())
        .runtimePlatform(current.runtimePlatform())
        .enableFaultInjection(current.enableFaultInjection())
        .tags(tagged(currentTags, actionExecutionId))
        .build();
  }

  /** {@code tags} without an older Flowline tag, plus this action execution's. */
  static List<Tag> tagged(List<Tag> tags, String actionExecutionId) {
    List<Tag> result = new ArrayList<>();
    if (tags != null) {
      tags.stream().filter(t -> !TAG.equals(t.key())).forEach(result::add);
    }
    result.add(Tag.builder().key(TAG).value(actionExecutionId).build());
    return result;
  }

  /** The task definition (family, family:revision or ARN) with its tags; empty if there is none. */
  static Optional<DescribeTaskDefinitionResponse> describe(EcsClient ecs, String taskDefinition) {
    try {
      return Optional.of(ecs.describeTaskDefinition(b -> b.taskDefinition(taskDefinition)
          .include(TaskDefinitionField.TAGS)));
    } catch (ClientException e) {
      // ECS answers ClientException ("Unable to describe task definition.") for a family with no revision
      return Optional.empty();
    }
  }

  /**
   * The revision {@code actionExecutionId} registered in {@code family}, if it is the family's latest one or
   * {@code alsoCheck} (the revision a service already runs).
   */
  static Optional<String> registeredBy(EcsClient ecs, String family, String actionExecutionId,
      DescribeTaskDefinitionResponse alsoCheck) {
    if (alsoCheck != null && isOurs(alsoCheck, actionExecutionId)) {
      return Optional.of(alsoCheck.taskDefinition().taskDefinitionArn());
    }
    return describe(ecs, family).filter(latest -> isOurs(latest, actionExecutionId))
        .map(latest -> latest.taskDefinition().taskDefinitionArn());
  }

  static boolean isOurs(DescribeTaskDefinitionResponse described, String actionExecutionId) {
    return described.hasTags() && described.tags().stream()
        .anyMatch(t -> TAG.equals(t.key()) && actionExecutionId.equals(t.value()));
  }
}

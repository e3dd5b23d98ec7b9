package dev.flowline.actions.deploy;

import java.util.List;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;

/**
 * How far an ECS service has come with the deployment of one task definition revision, read from
 * DescribeServices. Stable: the PRIMARY deployment's rollout is COMPLETED (or, for a service without rollout
 * state, it is the only deployment) and it runs as many tasks as it wants. Failed: the rollout FAILED (the
 * deployment circuit breaker), the service no longer runs the revision (rolled back, or replaced by another
 * deployment), or the service is not ACTIVE any more.
 */
record EcsRollout(State state, String message) {

  enum State { STABLE, IN_PROGRESS, FAILED }

  static EcsRollout of(Service service, String taskDefinitionArn) {
    String name = service.serviceName();
    if (!"ACTIVE".equals(service.status())) {
      return new EcsRollout(State.FAILED, "Service " + name + " is " + service.status());
    }
    if (!taskDefinitionArn.equals(service.taskDefinition())) {
      return new EcsRollout(State.FAILED, "Service " + name + " runs " + service.taskDefinition() + " instead of "
          + taskDefinitionArn + ": the deployment was rolled back or replaced by another one");
    }
    List<Deployment> deployments = service.hasDeployments() ? service.deployments() : List.of();
    Deployment primary = deployments.stream().filter(d -> "PRIMARY".equals(d.status())).findFirst().orElse(null);
    if (primary == null) {
      return new EcsRollout(State.IN_PROGRESS, "Service " + name + " has no primary deployment yet");
    }
    DeploymentRolloutState rollout = primary.rolloutState();
    if (rollout == DeploymentRolloutState.FAILED) {
      return new EcsRollout(State.FAILED, "Deployment " + primary.id() + " of service " + name + " failed"
          + (primary.rolloutStateReason() == null ? "" : ": " + primary.rolloutStateReason()));
    }
    int running = primary.runningCount() == null ? 0 : primary.runningCount();
    int desired = primary.desiredCount() == null ? 0 : primary.desiredCount();
    boolean settled = rollout == DeploymentRolloutState.COMPLETED || rollout == null && deployments.size() == 1;
    String counts = running + " of " + desired + " tasks running";
    if (settled && running == desired) {
      return new EcsRollout(State.STABLE, "Service " + name + " is stable: " + counts);
    }
    return new EcsRollout(State.IN_PROGRESS, "Service " + name + " is deploying: " + counts
        + (rollout == null ? "" : ", rollout " + rollout) + (deployments.size() > 1
            ? ", " + (deployments.size() - 1) + " older deployment(s) still active" : ""));
  }

  /** The service's newest event, which usually says why tasks do not start. */
  static String latestEvent(Service service) {
    return service.hasEvents() && !service.events().isEmpty()
        ? service.events().stream().map(ServiceEvent::message).findFirst().orElse("") : "";
  }
}

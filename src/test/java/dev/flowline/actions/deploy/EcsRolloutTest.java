package dev.flowline.actions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.deploy.EcsRollout.State;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * What DescribeServices says about a deployment, on the SDK's own objects: the states moto cannot produce (a
 * FAILED rollout, a rollback, an old deployment still draining) as ECS reports them.
 */
class EcsRolloutTest {

  static final String OURS = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";
  static final String OLD = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:6";

  @Test
  @DisplayName("a PRIMARY deployment whose rollout is COMPLETED with every task running is stable")
  void completedIsStable() {
    EcsRollout rollout = EcsRollout.of(service(OURS, primary(OURS, DeploymentRolloutState.COMPLETED, 3, 3)), OURS);

    assertThat(rollout).isEqualTo(new EcsRollout(State.STABLE, "Service web is stable: 3 of 3 tasks running"));
  }

  @Test
  @DisplayName("while the old deployment still drains, the service is deploying, not stable")
  void oldDeploymentStillActive() {
    EcsRollout rollout = EcsRollout.of(service(OURS, primary(OURS, DeploymentRolloutState.IN_PROGRESS, 2, 3),
        Deployment.builder().id("ecs-svc/1").status("ACTIVE").taskDefinition(OLD).runningCount(1).desiredCount(0)
            .build()), OURS);

    assertThat(rollout.state()).isEqualTo(State.IN_PROGRESS);
    assertThat(rollout.message()).isEqualTo("Service web is deploying: 2 of 3 tasks running, rollout IN_PROGRESS, "
        + "1 older deployment(s) still active");
  }

  @Test
  @DisplayName("a FAILED rollout (the deployment circuit breaker) fails with ECS's reason")
  void failedRollout() {
    Deployment failed = primary(OURS, DeploymentRolloutState.FAILED, 0, 3).toBuilder()
        .rolloutStateReason("ECS deployment circuit breaker: tasks failed to start.").build();

    EcsRollout rollout = EcsRollout.of(service(OURS, failed), OURS);

    assertThat(rollout).isEqualTo(new EcsRollout(State.FAILED,
        "Deployment ecs-svc/2 of service web failed: ECS deployment circuit breaker: tasks failed to start."));
  }

  @Test
  @DisplayName("a service that runs another revision again (rolled back, or deployed over) fails the action")
  void rolledBack() {
    EcsRollout rollout = EcsRollout.of(service(OLD, primary(OLD, DeploymentRolloutState.COMPLETED, 3, 3)), OURS);

    assertThat(rollout.state()).isEqualTo(State.FAILED);
    assertThat(rollout.message()).isEqualTo("Service web runs " + OLD + " instead of " + OURS
        + ": the deployment was rolled back or replaced by another one");
  }

  @Test
  @DisplayName("without rollout state (e.g. behind a Classic Load Balancer), a single deployment at its desired "
      + "count is stable")
  void noRolloutState() {
    EcsRollout rollout = EcsRollout.of(service(OURS, primary(OURS, null, 2, 2)), OURS);

    assertThat(rollout.state()).isEqualTo(State.STABLE);
  }

  private static Service service(String taskDefinition, Deployment... deployments) {
    return Service.builder().serviceName("web").status("ACTIVE").taskDefinition(taskDefinition)
        .deployments(deployments).build();
  }

  private static Deployment primary(String taskDefinition, DeploymentRolloutState state, int running, int desired) {
    return Deployment.builder().id("ecs-svc/2").status("PRIMARY").taskDefinition(taskDefinition).rolloutState(state)
        .runningCount(running).desiredCount(desired).build();
  }
}

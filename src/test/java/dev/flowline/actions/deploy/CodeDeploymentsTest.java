package dev.flowline.actions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionResult;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.codedeploy.model.DeploymentInfo;
import software.amazon.awssdk.services.codedeploy.model.DeploymentStatus;

/** How a CodeDeploy deployment ends the action, on the SDK's own objects (moto's deployments never leave Created). */
class CodeDeploymentsTest {

  static final String URL = "https://eu-west-1.console.aws.amazon.com/codedeploy/home?region=eu-west-1#/deployments/"
      + "d-KFGF3WTS2";

  @Test
  @DisplayName("Succeeded succeeds, with the deployment as external execution and its console page")
  void succeeded() {
    ActionResult result = outcome(deployment(DeploymentStatus.SUCCEEDED).build());

    assertThat(result).isEqualTo(new ActionResult.Succeeded(java.util.Map.of(), java.util.Map.of(),
        "Deployment d-KFGF3WTS2 succeeded", "d-KFGF3WTS2", URL, null));
  }

  @Test
  @DisplayName("Failed fails with CodeDeploy's error code and message")
  void failed() {
    ActionResult result = outcome(deployment(DeploymentStatus.FAILED).errorInformation(e -> e
        .code("HEALTH_CONSTRAINTS").message("The overall deployment failed because too many individual instances "
            + "failed deployment")).build());

    assertThat(result).isEqualTo(new ActionResult.Failed("JobFailed", "Deployment d-KFGF3WTS2 Failed: "
        + "HEALTH_CONSTRAINTS: The overall deployment failed because too many individual instances failed deployment",
        "d-KFGF3WTS2", URL));
  }

  @Test
  @DisplayName("Stopped fails too, with the reason it was stopped")
  void stopped() {
    ActionResult result = outcome(deployment(DeploymentStatus.STOPPED).errorInformation(e -> e
        .code("MANUAL_STOP").message("The deployment was stopped by the user.")).build());

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> assertThat(failed.message())
        .isEqualTo("Deployment d-KFGF3WTS2 Stopped: MANUAL_STOP: The deployment was stopped by the user."));
  }

  @Test
  @DisplayName("InProgress, Baking and Ready (blue/green waiting for traffic) keep waiting, saying how many targets "
      + "are done")
  void inProgress() {
    for (DeploymentStatus status : new DeploymentStatus[] {DeploymentStatus.IN_PROGRESS, DeploymentStatus.BAKING,
        DeploymentStatus.READY, DeploymentStatus.QUEUED}) {
      ActionResult result = outcome(deployment(status).deploymentOverview(o -> o.pending(2L).inProgress(1L)
          .succeeded(1L).failed(0L).skipped(0L).ready(0L)).build());

      assertThat(result).isInstanceOfSatisfying(ActionResult.InProgress.class, waiting -> {
        assertThat(waiting.continuationToken()).isEqualTo("d-KFGF3WTS2");
        assertThat(waiting.summary()).isEqualTo("Deployment d-KFGF3WTS2 is " + status + " (1 of 4 targets succeeded)");
      });
    }
  }

  private static ActionResult outcome(DeploymentInfo deployment) {
    return CodeDeployments.outcome(deployment, "eu-west-1", Duration.ofSeconds(10));
  }

  private static DeploymentInfo.Builder deployment(DeploymentStatus status) {
    return DeploymentInfo.builder().deploymentId("d-KFGF3WTS2").status(status);
  }
}

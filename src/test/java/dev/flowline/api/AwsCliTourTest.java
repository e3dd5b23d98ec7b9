package dev.flowline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowline.FlowlineTest;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Runs scripts/cli-tour.sh — the real AWS CLI — against this Flowline; skipped where the CLI is not installed. */
@FlowlineTest
class AwsCliTourTest {

  @LocalServerPort
  int port;

  @Test
  @DisplayName("the AWS CLI creates, runs, approves, lists, pauses, resumes and deletes a pipeline unchanged")
  void cliTour() throws Exception {
    assumeTrue(TourScript.installed("aws") && TourScript.installed("jq"), "the AWS CLI and jq are needed for the CLI tour");
    ApiTestData.putSourceObject();
    TourScript.Outcome tour = new TourScript("scripts/cli-tour.sh", port)
        .with("PIPELINE_JSON", "src/test/resources/api/cli-tour-pipeline.json")
        .run(Duration.ofMinutes(3));

    assertThat(tour.finished()).as("the tour finished in time:\n" + tour.log()).isTrue();
    assertThat(tour.exitCode()).as(tour.log()).isZero();
    assertThat(tour.log()).contains("cli-tour: CLI tour passed");
  }

}

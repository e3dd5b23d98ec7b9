package dev.flowline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowline.FlowlineTest;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Runs scripts/job-worker-cli.sh — a job worker made of the real AWS CLI — against this Flowline. */
@FlowlineTest
class JobWorkerCliTest {

  @LocalServerPort
  int port;

  @Test
  @DisplayName("the AWS CLI registers a custom action, polls, acknowledges and reports its job, and the execution succeeds")
  void cliWorker() throws Exception {
    assumeTrue(TourScript.installed("aws") && TourScript.installed("jq"), "the AWS CLI and jq are needed");
    ApiTestData.putSourceObject();
    TourScript.Outcome run = new TourScript("scripts/job-worker-cli.sh", port).run(Duration.ofMinutes(3));

    assertThat(run.finished()).as("the worker finished in time:\n" + run.log()).isTrue();
    assertThat(run.exitCode()).as(run.log()).isZero();
    assertThat(run.log()).contains("job-worker-cli: custom action worker passed");
  }
}

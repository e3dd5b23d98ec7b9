package dev.flowline.codecommit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowline.FlowlineTest;
import dev.flowline.api.TourScript;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Runs scripts/codecommit-tour.sh — the real AWS CLI and git, as the README's tour does them — against this
 * Flowline with examples/codecommit.json; skipped where the CLI or jq is not installed.
 */
@FlowlineTest
class CodeCommitTourTest {

  @LocalServerPort
  int port;

  @Test
  @DisplayName("aws codecommit create-repository, git clone/commit/push, examples/codecommit.json runs each pushed commit to its deployment")
  void codeCommitTour() throws Exception {
    assumeTrue(TourScript.installed("aws") && TourScript.installed("jq"), "the AWS CLI and jq are needed for the tour");
    TourScript.Outcome tour = new TourScript("scripts/codecommit-tour.sh", port)
        .with("FLOWLINE_DATA_DIR", Path.of("target/test-data").toAbsolutePath().toString())
        .run(Duration.ofMinutes(4));

    assertThat(tour.finished()).as("the tour finished in time:\n" + tour.log()).isTrue();
    assertThat(tour.exitCode()).as(tour.log()).isZero();
    assertThat(tour.log()).contains("] CodeCommit tour passed");
  }

}

package dev.flowline.codecommit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowline.FlowlineTest;
import dev.flowline.api.ApiProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
    assumeTrue(installed("aws") && installed("jq"), "the AWS CLI and jq are needed for the tour");
    Path output = Files.createTempFile("codecommit-tour", ".log");
    ProcessBuilder tour = new ProcessBuilder("bash", "scripts/codecommit-tour.sh")
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    tour.environment().put("FLOWLINE_URL", "http://127.0.0.1:" + port);
    tour.environment().put("FLOWLINE_DATA_DIR", Path.of("target/test-data").toAbsolutePath().toString());
    tour.environment().put("AWS_ACCESS_KEY_ID", ApiProperties.DEFAULT_ACCESS_KEY_ID);
    tour.environment().put("AWS_SECRET_ACCESS_KEY", ApiProperties.DEFAULT_SECRET_ACCESS_KEY);
    tour.environment().put("AWS_CONFIG_FILE", "/dev/null");
    tour.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");

    Process process = tour.start();
    boolean finished = process.waitFor(4, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String log = Files.readString(output, StandardCharsets.UTF_8);

    assertThat(finished).as("the tour finished in time:\n" + log).isTrue();
    assertThat(process.exitValue()).as(log).isZero();
    assertThat(log).contains("] CodeCommit tour passed");
  }

  private static boolean installed(String command) {
    try {
      return new ProcessBuilder("bash", "-c", "command -v " + command).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}

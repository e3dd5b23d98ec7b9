package dev.flowline.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowline.FlowlineTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
    assumeTrue(installed("aws") && installed("jq"), "the AWS CLI and jq are needed for the CLI tour");
    ApiTestData.putSourceObject();
    Path output = Files.createTempFile("cli-tour", ".log");
    ProcessBuilder tour = new ProcessBuilder("bash", "scripts/cli-tour.sh")
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    tour.environment().put("FLOWLINE_URL", "http://127.0.0.1:" + port);
    tour.environment().put("PIPELINE_JSON", "src/test/resources/api/cli-tour-pipeline.json");
    tour.environment().put("AWS_ACCESS_KEY_ID", ApiProperties.DEFAULT_ACCESS_KEY_ID);
    tour.environment().put("AWS_SECRET_ACCESS_KEY", ApiProperties.DEFAULT_SECRET_ACCESS_KEY);
    tour.environment().put("AWS_CONFIG_FILE", "/dev/null");
    tour.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");

    Process process = tour.start();
    boolean finished = process.waitFor(3, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String log = Files.readString(output, StandardCharsets.UTF_8);

    assertThat(finished).as("the tour finished in time:\n" + log).isTrue();
    assertThat(process.exitValue()).as(log).isZero();
    assertThat(log).contains("cli-tour: CLI tour passed");
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

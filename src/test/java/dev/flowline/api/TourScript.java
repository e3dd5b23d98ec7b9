package dev.flowline.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of scripts/*-tour.sh against a running Flowline with the real AWS CLI, signed with the default
 * local key pair and isolated from the machine's AWS configuration.
 */
public final class TourScript {
  private final String script;
  private final Map<String, String> environment = new HashMap<>();

  public TourScript(String script, int port) {
    this.script = script;
    environment.put("FLOWLINE_URL", "http://127.0.0.1:" + port);
    environment.put("AWS_ACCESS_KEY_ID", ApiProperties.DEFAULT_ACCESS_KEY_ID);
    environment.put("AWS_SECRET_ACCESS_KEY", ApiProperties.DEFAULT_SECRET_ACCESS_KEY);
    environment.put("AWS_CONFIG_FILE", "/dev/null");
    environment.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
  }

  public TourScript with(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** What the script did: whether it ended in time, its exit code and everything it printed. */
  public record Outcome(boolean finished, int exitCode, String log) {}

  public Outcome run(Duration patience) throws IOException, InterruptedException {
    Path output = Files.createTempFile("tour", ".log");
    ProcessBuilder tour = new ProcessBuilder("bash", script).redirectErrorStream(true).redirectOutput(output.toFile());
    tour.environment().putAll(environment);
    Process process = tour.start();
    boolean finished = process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor();
    }
    return new Outcome(finished, finished ? process.exitValue() : -1, Files.readString(output, StandardCharsets.UTF_8));
  }

  /** Whether a command is on the PATH. */
  public static boolean installed(String command) {
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

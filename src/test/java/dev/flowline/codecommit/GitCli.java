package dev.flowline.codecommit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code git} command line, as a person runs it, isolated from the machine's git configuration
 * (own HOME, no system config, never prompting).
 */
public final class GitCli {
  private final Path home;

  public GitCli(Path home) throws IOException {
    this.home = Files.createDirectories(home);
  }

  /** The outcome of one command: exit code and everything it printed (git prints remote: lines on stderr). */
  public record Result(int exitCode, String output) {
    public Result ok() {
      if (exitCode != 0) {
        throw new AssertionError("git failed (" + exitCode + "):\n" + output);
      }
      return this;
    }
  }

  public Result run(Path directory, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=Flowline Test", "-c",
        "user.email=test@flowline.dev", "-c", "init.defaultBranch=main", "-c", "credential.helper="));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().put("HOME", home.toString());
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.environment().put("GIT_TERMINAL_PROMPT", "0");
    builder.environment().put("GIT_ASKPASS", "true");
    Process process = builder.start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("git " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** {@code git init} in a new directory. */
  public Path init(Path directory) throws IOException, InterruptedException {
    Files.createDirectories(directory);
    run(directory, "init", "-q").ok();
    return directory;
  }

  /** Writes the file, commits everything, returns the new commit id. */
  public String commit(Path repository, String file, String content, String message)
      throws IOException, InterruptedException {
    Path path = repository.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
    run(repository, "add", "-A").ok();
    run(repository, "commit", "-q", "-m", message).ok();
    return head(repository);
  }

  public String head(Path repository) throws IOException, InterruptedException {
    return run(repository, "rev-parse", "HEAD").ok().output().strip();
  }
}

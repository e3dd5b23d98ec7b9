package dev.flowline.actions.shell;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One shell run ({@code <shell> -c <script>}) with a deadline, shared by the actions that run user commands.
 * The shell leads its own session (via {@code setsid} where installed), so the whole process group can be
 * killed: on timeout, when the calling thread is interrupted, and after a normal exit to end whatever the
 * commands left running in the background (which would otherwise hold the output pipe open). The
 * environment is exactly {@link Command#environment()}, nothing of the server's. Output (stdout and stderr
 * merged) is copied line by line to the log as it is produced; the last lines are kept for failure messages.
 */
public final class ShellProcess {

  private static final Duration DRAIN = Duration.ofSeconds(2);
  private static final String SETSID = "/usr/bin/setsid";

  /**
   * What to run.
   *
   * @param shell   the shell program, e.g. {@code bash} or {@code /bin/sh}
   * @param name    {@code $0} of the script, shown in the shell's own error messages
   */
  public record Command(String shell, String name, String script, Path workingDirectory,
      Map<String, String> environment, Duration timeout) {}

  /** How the run ended: {@code exitCode} is null when it timed out. */
  public record Outcome(Integer exitCode, List<String> lastLines) {
    public boolean timedOut() {
      return exitCode == null;
    }
  }

  private ShellProcess() {}

  /**
   * Runs {@code command} to its end or its timeout and returns how it ended; every process it started is
   * dead when this returns. Throws InterruptedException (after killing them) when the thread is interrupted.
   */
  public static Outcome run(Command command, PrintStream log, int keepLines) throws IOException, InterruptedException {
    boolean ownGroup = Files.isExecutable(Path.of(SETSID));
    List<String> argv = new ArrayList<>();
    if (ownGroup) {
      argv.add(SETSID);
    }
    argv.addAll(List.of(command.shell(), "-c", command.script(), command.name()));
    ProcessBuilder builder = new ProcessBuilder(argv)
        .directory(command.workingDirectory().toFile())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(command.environment());
    Process process = builder.start();
    Deque<String> tail = new ArrayDeque<>();
    Thread pump = new Thread(() -> copyLines(process, log, tail, keepLines), "shell-output-" + process.pid());
    pump.setDaemon(true);
    pump.start();
    boolean finished = false;
    try {
      finished = process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } finally {
      // also when the worker is interrupted: no command may outlive its job
      kill(process, ownGroup);
    }
    if (!finished) {
      process.waitFor(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    }
    pump.join(DRAIN.toMillis());
    synchronized (tail) {
      return new Outcome(finished ? process.exitValue() : null, List.copyOf(tail));
    }
  }

  private static void copyLines(Process process, PrintStream log, Deque<String> tail, int keepLines) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.println(line);
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > keepLines) {
            tail.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      log.println("[Flowline] Output could not be read further: " + e.getMessage());
    }
  }

  /** Kills the shell, its process group (when it leads one) and every descendant still attached to it. */
  private static void kill(Process process, boolean ownGroup) throws IOException, InterruptedException {
    List<ProcessHandle> descendants = process.descendants().toList();
    if (ownGroup) {
      new ProcessBuilder("bash", "-c", "kill -KILL -- -" + process.pid() + " 2>/dev/null; true")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    }
    descendants.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}

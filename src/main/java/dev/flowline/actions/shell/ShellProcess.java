package dev.flowline.actions.shell;

import dev.flowline.actions.sandbox.Sandbox;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One shell run ({@code <shell> -c <script>}) with a deadline, shared by the actions that run user commands,
 * always inside the {@link Sandbox} (which may be turned off by the operator). When the sandbox cannot run,
 * nothing runs and the outcome says what to install. While the run lasts, the workspace's size is checked
 * every {@value #DISK_CHECK_MILLIS} ms against the sandbox's disk limit. The shell leads its own session
 * (via {@code setsid} where installed), so the whole process group can be killed: on timeout, when the calling thread is interrupted, and after a normal exit to end whatever the
 * commands left running in the background (which would otherwise hold the output pipe open). The
 * environment is exactly {@link Command#environment()}, nothing of the server's. Output (stdout and stderr
 * merged) is copied line by line to the log as it is produced; the last lines are kept for failure messages.
 */
public final class ShellProcess {

  private static final Duration DRAIN = Duration.ofSeconds(2);
  private static final String SETSID = "/usr/bin/setsid";
  private static final long DISK_CHECK_MILLIS = 1000;

  /**
   * What to run.
   *
   * @param shell     the shell program, e.g. {@code bash} or {@code /bin/sh}
   * @param name      {@code $0} of the script, shown in the shell's own error messages
   * @param workspace the action's workspace, the only place the script may write; holds the working directory
   */
  public record Command(String shell, String name, String script, Path workspace, Path workingDirectory,
      Map<String, String> environment, Duration timeout) {}

  /**
   * How the run ended: {@code exitCode} is null when it timed out. {@code stopped} is set when the sandbox
   * ended or prevented the run (not installed, disk limit): the reason to fail with. {@code limitHit} names a
   * sandbox limit the output says a command ran into: worth adding to a failure's message.
   */
  public record Outcome(Integer exitCode, List<String> lastLines, String stopped, String limitHit) {
    public boolean timedOut() {
      return exitCode == null;
    }
  }

  private static final int NETWORK_ATTEMPTS = 3;

  private ShellProcess() {}

  /**
   * Runs {@code command} to its end or its timeout and returns how it ended; every process it started is
   * dead when this returns. Throws InterruptedException (after killing them) when the thread is interrupted.
   */
  public static Outcome run(Command command, Sandbox sandbox, PrintStream log, int keepLines)
      throws IOException, InterruptedException {
    Optional<String> unavailable = sandbox.unavailable();
    if (unavailable.isPresent()) {
      log.println("[Flowline] " + unavailable.get());
      return new Outcome(127, List.of(), unavailable.get(), null);
    }
    boolean ownGroup = Files.isExecutable(Path.of(SETSID));
    Sandbox.Launch launch = sandbox.launch(List.of(command.shell(), "-c", command.script(), command.name()),
        command.workspace(), command.workingDirectory(), command.environment());
    List<String> argv = new ArrayList<>();
    if (ownGroup) {
      argv.add(SETSID);
    }
    argv.addAll(launch.argv());
    ProcessBuilder builder = new ProcessBuilder(argv)
        .directory(command.workingDirectory().toFile())
        .redirectErrorStream(true)
        .redirectInput(launch.waitsForNetwork() ? ProcessBuilder.Redirect.PIPE
            : ProcessBuilder.Redirect.from(new File("/dev/null")));
    builder.environment().clear();
    builder.environment().putAll(launch.environment());
    // The command waits (bwrap's block fd) until its network is connected, so a launch whose network could not be
    // set up has run nothing of the command and can be started again. Seen under load on 2 cores: now and then
    // the launcher was gone before it was told to go on.
    Process process = null;
    Sandbox.Connection network = null;
    for (int attempt = 1; network == null; attempt++) {
      Process launched = builder.start();
      try {
        network = sandbox.connect(launch, launched);
        process = launched;
      } catch (IOException e) {
        kill(launched, ownGroup);
        String said = new String(launched.getInputStream().readNBytes(2000), StandardCharsets.UTF_8).strip();
        launched.getInputStream().close();
        String message = "The sandbox's network could not be set up: " + e.getMessage()
            + (said.isEmpty() ? "" : " (" + said + ")");
        if (attempt < NETWORK_ATTEMPTS) {
          log.println("[Flowline] " + message + "; starting the sandbox again");
          continue;
        }
        log.println("[Flowline] " + message);
        return new Outcome(127, List.of(), message, null);
      } catch (InterruptedException e) {
        kill(launched, ownGroup);
        throw e;
      }
    }
    Process running = process;
    Deque<String> tail = new ArrayDeque<>();
    AtomicReference<String> limitHit = new AtomicReference<>();
    Thread pump = new Thread(() -> copyLines(running, log, tail, keepLines, sandbox, limitHit),
        "shell-output-" + process.pid());
    pump.setDaemon(true);
    pump.start();
    boolean finished = false;
    String stopped = null;
    try {
      long deadline = System.nanoTime() + command.timeout().toNanos();
      while (!finished) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          break;
        }
        finished = process.waitFor(Math.min(left, DISK_CHECK_MILLIS), TimeUnit.MILLISECONDS);
        if (!finished && sandbox.exceedsDisk(command.workspace())) {
          stopped = sandbox.diskExceeded();
          break;
        }
      }
    } finally {
      // also when the worker is interrupted: no command may outlive its job
      kill(process, ownGroup);
      network.close();
    }
    if (!finished) {
      process.waitFor(DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    }
    pump.join(DRAIN.toMillis());
    if (stopped != null) {
      log.println("[Flowline] " + stopped);
    }
    synchronized (tail) {
      // a run the sandbox stopped did not time out: it has the exit code of SIGKILL
      Integer exitCode = finished ? Integer.valueOf(process.exitValue()) : stopped != null ? Integer.valueOf(137) : null;
      return new Outcome(exitCode, List.copyOf(tail), stopped, limitHit.get());
    }
  }

  private static void copyLines(Process process, PrintStream log, Deque<String> tail, int keepLines, Sandbox sandbox,
      AtomicReference<String> limitHit) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.println(line);
        if (limitHit.get() == null) {
          limitHit.compareAndSet(null, sandbox.limitHit(line));
        }
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

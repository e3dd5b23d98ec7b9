package dev.flowline.actions.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The processes of this machine as the host sees them (a sandboxed command's {@code $!} is a pid of its own
 * PID namespace and says nothing about the host): found by their command line.
 */
public final class HostProcesses {

  private HostProcesses() {}

  /** Live (not zombie) processes whose command line is exactly {@code commandLine}, e.g. {@code sleep 61.25}. */
  public static List<Long> running(String commandLine) {
    return ProcessHandle.allProcesses()
        .filter(p -> commandLine.equals(commandLineOf(p.pid())))
        .filter(p -> !zombie(p.pid()))
        .map(ProcessHandle::pid)
        .toList();
  }

  /** Waits up to 3 s for every process with that command line to be gone, then asserts none is left. */
  public static void assertNoneRunning(String commandLine) {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (!running(commandLine).isEmpty() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(running(commandLine)).as("host processes running '%s'", commandLine).isEmpty();
  }

  private static String commandLineOf(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"))).replace('\0', ' ').strip();
    } catch (IOException gone) {
      return "";
    }
  }

  private static boolean zombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
    } catch (IOException gone) {
      return true;
    }
  }
}

package dev.flowline.actions.build;

import dev.flowline.actions.build.Buildspec.Phase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened to each phase of a local build, read from the control file {@link PhaseScript} wrote.
 *
 * @param statuses   phase label -> SUCCEEDED, FAILED, SKIPPED, or IN_PROGRESS when the shell ended inside it;
 *                   phases the shell never reached are absent
 * @param failure    the first failing command, or null
 * @param finished   whether the script ran to its end (false: timeout, or a command ran {@code exit})
 */
record PhaseResults(Map<String, String> statuses, Failure failure, boolean finished) {

  /** The first command that failed: its phase, the command text and its exit status. */
  record Failure(String phase, String command, int exitStatus) {}

  boolean succeeded() {
    return finished && !statuses.containsValue("FAILED");
  }

  /** The phase the build failed in (or was in when it ended), or null when it succeeded. */
  String failedPhase() {
    if (failure != null) {
      return failure.phase();
    }
    for (Map.Entry<String, String> phase : statuses.entrySet()) {
      if (!phase.getValue().equals("SUCCEEDED") && !phase.getValue().equals("SKIPPED")) {
        return phase.getKey();
      }
    }
    return null;
  }

  List<String> skipped() {
    List<String> skipped = new ArrayList<>();
    statuses.forEach((phase, status) -> {
      if (status.equals("SKIPPED")) {
        skipped.add(phase);
      }
    });
    return skipped;
  }

  static PhaseResults read(Path controlFile, List<Phase> phases) throws IOException {
    Map<String, String> statuses = new LinkedHashMap<>();
    Failure failure = null;
    boolean finished = false;
    List<String> lines = Files.exists(controlFile) ? Files.readAllLines(controlFile, StandardCharsets.UTF_8) : List.of();
    for (String line : lines) {
      String[] f = line.split(" ");
      switch (f[0]) {
        case "ENTER" -> statuses.put(f[1], "IN_PROGRESS");
        case "SKIP" -> statuses.put(f[1], "SKIPPED");
        case "DONE" -> statuses.put(f[1], f[2].equals("0") ? "SUCCEEDED" : "FAILED");
        case "FAIL" -> {
          if (failure == null) {
            failure = new Failure(f[1], command(phases, f[1], f[2], Integer.parseInt(f[3])), Integer.parseInt(f[4]));
          }
        }
        case "END" -> finished = true;
        default -> { }
      }
    }
    return new PhaseResults(statuses, failure, finished);
  }

  private static String command(List<Phase> phases, String label, String block, int index) {
    for (Phase phase : phases) {
      if (phase.label().equals(label)) {
        return (block.equals("finally") ? phase.finallyCommands() : phase.commands()).get(index);
      }
    }
    return "?";
  }
}

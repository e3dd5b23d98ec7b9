package dev.flowline.actions.build;

import java.util.List;
import java.util.Optional;

/**
 * The texts a CodeBuild action reports, in the shape CodePipeline shows for CodeBuild: {@code Build
 * terminated with state: FAILED. Phase: BUILD, Code: COMMAND_EXECUTION_ERROR, Message: Error while executing
 * command: make. Reason: exit status 2}, followed by what was skipped and the test totals.
 */
final class BuildMessages {

  private static final int MAX_COMMAND = 300;

  private BuildMessages() {}

  static String succeeded(Optional<TestReports.Totals> tests) {
    return "Build succeeded" + tests(tests);
  }

  static String terminated(String state, String phase, String code, String message) {
    return "Build terminated with state: " + state + ". Phase: " + phase + ", Code: " + code + ", Message: " + message;
  }

  static String commandFailed(String command, int exitStatus) {
    String shown = command.length() > MAX_COMMAND ? command.substring(0, MAX_COMMAND) + "..." : command;
    return "Error while executing command: " + shown.strip() + ". Reason: exit status " + exitStatus;
  }

  static String skipped(List<String> phases) {
    return phases.isEmpty() ? "" : "; skipped phases: " + String.join(", ", phases);
  }

  static String tests(Optional<TestReports.Totals> tests) {
    return tests.map(t -> "; tests: " + t).orElse("");
  }
}

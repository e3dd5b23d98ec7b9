package dev.flowline.actions.build;

import static dev.flowline.actions.shell.ShellScripts.quote;

import dev.flowline.actions.build.Buildspec.OnFailure;
import dev.flowline.actions.build.Buildspec.Phase;
import dev.flowline.actions.shell.ShellScripts;
import java.nio.file.Path;
import java.util.List;

/**
 * The POSIX shell script that runs a buildspec's phases in one shell (version 0.2: directory changes and
 * variables carry from one command to the next, across phases). Each command is {@code eval}ed inside an
 * {@code if}, so a failing command (even under the user's own {@code set -e}) is noticed and not fatal to
 * the shell. CodeBuild's rules, decided here per phase when the script is generated:
 * <ul>
 *   <li>in a phase the commands run in order until one fails; then the {@code finally} commands run (in
 *       order, until one fails); the phase fails when any command of it failed;</li>
 *   <li>after a failed phase {@code CODEBUILD_BUILD_SUCCEEDING} is 0 and the build will fail;</li>
 *   <li>without {@code on-failure}: a failed install or pre_build skips every later phase, a failed build
 *       still runs post_build; with {@code on-failure: ABORT} every later phase is skipped; with
 *       {@code CONTINUE} the next phases run.</li>
 * </ul>
 * The script reports to {@code controlFile}, one line each: {@code ENTER <PHASE>}, {@code FAIL <PHASE>
 * <commands|finally> <index> <exit status>}, {@code DONE <PHASE> <0|1>}, {@code SKIP <PHASE>} and finally
 * {@code END}; a missing END means the shell itself ended early (a command ran {@code exit}). After the
 * last phase it writes the exported variables to {@code variablesFile}.
 */
final class PhaseScript {

  private PhaseScript() {}

  static String of(Buildspec buildspec, Path controlFile, Path variablesFile) {
    StringBuilder s = new StringBuilder();
    s.append("__fl_ctl=").append(quote(controlFile.toString())).append("\n");
    s.append("__fl_stop=0\n");
    s.append("CODEBUILD_BUILD_SUCCEEDING=1; export CODEBUILD_BUILD_SUCCEEDING\n");
    for (Phase phase : buildspec.phases()) {
      appendPhase(s, phase);
    }
    s.append(ShellScripts.writeVariables(buildspec.exportedVariables(), variablesFile));
    s.append("printf 'END\\n' >> \"$__fl_ctl\"\n");
    s.append("exit 0\n");
    return s.toString();
  }

  private static void appendPhase(StringBuilder s, Phase phase) {
    String label = phase.label();
    s.append("if [ \"$__fl_stop\" -eq 0 ]; then\n");
    log(s, "Entering phase " + label);
    s.append("  printf 'ENTER ").append(label).append("\\n' >> \"$__fl_ctl\"\n");
    s.append("  __fl_status=0\n");
    List<String> commands = phase.commands();
    for (int i = 0; i < commands.size(); i++) {
      s.append("  if [ \"$__fl_status\" -eq 0 ]; then\n");
      appendCommand(s, label, "commands", i, commands.get(i), "__fl_status");
      s.append("  fi\n");
    }
    s.append("  __fl_finally=0\n");
    List<String> finallyCommands = phase.finallyCommands();
    for (int i = 0; i < finallyCommands.size(); i++) {
      s.append("  if [ \"$__fl_finally\" -eq 0 ]; then\n");
      appendCommand(s, label, "finally", i, finallyCommands.get(i), "__fl_finally");
      s.append("  fi\n");
    }
    s.append("  if [ \"$__fl_status\" -eq 0 ] && [ \"$__fl_finally\" -eq 0 ]; then\n");
    s.append("    printf 'DONE ").append(label).append(" 0\\n' >> \"$__fl_ctl\"\n");
    log(s, "Phase complete: " + label + " State: SUCCEEDED");
    s.append("  else\n");
    s.append("    printf 'DONE ").append(label).append(" 1\\n' >> \"$__fl_ctl\"\n");
    log(s, "Phase complete: " + label + " State: FAILED");
    s.append("    CODEBUILD_BUILD_SUCCEEDING=0; export CODEBUILD_BUILD_SUCCEEDING\n");
    s.append("    __fl_stop=").append(stopsLaterPhases(phase) ? 1 : 0).append("\n");
    s.append("  fi\n");
    s.append("else\n");
    s.append("  printf 'SKIP ").append(label).append("\\n' >> \"$__fl_ctl\"\n");
    s.append("fi\n");
  }

  private static void appendCommand(StringBuilder s, String label, String block, int index, String command,
      String statusVariable) {
    log(s, "Running command " + command);
    s.append("    if eval ").append(quote(command)).append("; then :; else\n");
    s.append("      ").append(statusVariable).append("=$?\n");
    s.append("      printf 'FAIL ").append(label).append(' ').append(block).append(' ').append(index)
        .append(" %s\\n' \"$").append(statusVariable).append("\" >> \"$__fl_ctl\"\n");
    s.append("      printf '%s%s\\n' ").append(quote("[Container] Command did not exit successfully " + command
        + " exit status ")).append(" \"$").append(statusVariable).append("\"\n");
    s.append("    fi\n");
  }

  /** CodeBuild's build phase transitions, unless the phase says otherwise with on-failure. */
  static boolean stopsLaterPhases(Phase phase) {
    if (phase.onFailure() != null) {
      return phase.onFailure() == OnFailure.ABORT;
    }
    return !phase.name().equals("build");
  }

  private static void log(StringBuilder s, String line) {
    s.append("  printf '%s\\n' ").append(quote("[Container] " + line)).append("\n");
  }
}

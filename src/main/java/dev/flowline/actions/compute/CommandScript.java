package dev.flowline.actions.compute;

import static dev.flowline.actions.shell.ShellScripts.quote;

import dev.flowline.actions.shell.ShellScripts;
import java.nio.file.Path;
import java.util.List;

/**
 * The bash script that runs a Commands action: every command in one shell, stopping at the first that
 * fails ({@code set -e}, plus an explicit status check after each command because {@code set -e} ignores
 * failures inside {@code &&} lists). An EXIT trap writes the requested output variables, exported or merely
 * set, NUL-separated into {@code variablesFile}, but only when the shell ends successfully.
 */
final class CommandScript {

  private CommandScript() {}

  static String of(List<String> commands, List<String> outputVariables, Path variablesFile) {
    StringBuilder s = new StringBuilder();
    s.append("set -e\n");
    s.append("__flowline_exit() {\n");
    s.append("  __flowline_status=$?\n");
    s.append("  if [ \"$__flowline_status\" -eq 0 ]; then\n");
    s.append(ShellScripts.writeVariables(outputVariables, variablesFile).indent(4));
    s.append("  fi\n");
    s.append("  exit \"$__flowline_status\"\n");
    s.append("}\n");
    s.append("trap __flowline_exit EXIT\n");
    for (String command : commands) {
      s.append("printf '%s\\n' ").append(quote("[Flowline] Running command " + command)).append("\n");
      // the blank line ends a command whose last character is a line-continuation backslash
      s.append(command).append("\n\n");
      s.append("__flowline_rc=$?; if [ \"$__flowline_rc\" -ne 0 ]; then exit \"$__flowline_rc\"; fi\n");
    }
    return s.toString();
  }
}

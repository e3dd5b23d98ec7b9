package dev.flowline.actions.compute;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    s.append("    {\n");
    s.append("      :\n");
    for (String name : outputVariables) {
      s.append("      if [ -n \"${").append(name).append("+set}\" ]; then printf '%s=%s\\0' ")
          .append(quote(name)).append(" \"$").append(name).append("\"; fi\n");
    }
    s.append("    } > ").append(quote(variablesFile.toString())).append("\n");
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

  /** The variables the script wrote; empty if it wrote none (it failed, or nothing was requested). */
  static Map<String, String> readVariables(Path variablesFile) throws IOException {
    Map<String, String> variables = new LinkedHashMap<>();
    if (!Files.exists(variablesFile)) {
      return variables;
    }
    String content = Files.readString(variablesFile, StandardCharsets.UTF_8);
    for (String entry : content.split("\0")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        variables.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return variables;
  }

  /** Single-quotes {@code text} for bash. */
  static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }
}

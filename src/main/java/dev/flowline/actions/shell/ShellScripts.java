package dev.flowline.actions.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Small pieces every generated shell script needs: quoting, the base environment, variables handed back. */
public final class ShellScripts {

  /** A name a POSIX shell accepts as a variable name. */
  public static final Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "USER");

  private ShellScripts() {}

  /** Single-quotes {@code text} for a POSIX shell. */
  public static String quote(String text) {
    return "'" + text.replace("'", "'\\''") + "'";
  }

  /**
   * The only variables of the server a script sees: PATH, HOME, LANG and USER (so tools are found and
   * behave), never its credentials or configuration; HOME falls back to {@code home}, TMPDIR is {@code temp}.
   * The sandbox replaces HOME (and, for a root server, USER) with its own.
   */
  public static Map<String, String> baseEnvironment(Path home, Path temp) {
    Map<String, String> environment = new LinkedHashMap<>();
    for (String name : INHERITED) {
      String value = System.getenv(name);
      if (value != null) {
        environment.put(name, value);
      }
    }
    environment.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
    environment.putIfAbsent("HOME", home.toString());
    environment.put("TMPDIR", temp.toString());
    return environment;
  }

  /**
   * A POSIX shell statement that writes each of {@code names} that is set (exported or not) as
   * {@code name=value\0} into {@code file}; read them back with {@link #readVariables}.
   */
  public static String writeVariables(List<String> names, Path file) {
    StringBuilder s = new StringBuilder("{\n  :\n");
    for (String name : names) {
      s.append("  if [ -n \"${").append(name).append("+set}\" ]; then printf '%s=%s\\0' ")
          .append(quote(name)).append(" \"$").append(name).append("\"; fi\n");
    }
    return s.append("} > ").append(quote(file.toString())).append("\n").toString();
  }

  /** The variables a script wrote with {@link #writeVariables}; empty if the file does not exist. */
  public static Map<String, String> readVariables(Path file) throws IOException {
    Map<String, String> variables = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return variables;
    }
    for (String entry : Files.readString(file, StandardCharsets.UTF_8).split("\0")) {
      int eq = entry.indexOf('=');
      if (eq > 0) {
        variables.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
    }
    return variables;
  }
}

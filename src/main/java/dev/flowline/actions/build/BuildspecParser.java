package dev.flowline.actions.build;

import dev.flowline.actions.build.Buildspec.Artifacts;
import dev.flowline.actions.build.Buildspec.OnFailure;
import dev.flowline.actions.build.Buildspec.Phase;
import dev.flowline.actions.build.Buildspec.Report;
import dev.flowline.actions.shell.ShellScripts;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a buildspec strictly: YAML is composed into nodes (which keep their line numbers) and every value
 * is checked for its shape, so a mistake is reported with its path and line, e.g. {@code
 * phases/build/commands[0] must be a string but is a mapping (quote a command that contains ': ') at line 8}.
 * Keys CodeBuild knows but the local runner does not act on are accepted and listed in
 * {@link Buildspec#ignored()}; unknown keys are errors.
 */
final class BuildspecParser {

  private static final Set<String> TOP_LEVEL = Set.of("version", "run-as", "env", "proxy", "batch", "phases",
      "reports", "artifacts", "cache");
  private static final Set<String> ENV = Set.of("shell", "variables", "parameter-store", "exported-variables",
      "secrets-manager", "git-credential-helper");
  private static final Set<String> PHASE = Set.of("run-as", "on-failure", "runtime-versions", "commands", "finally");
  private static final Set<String> ARTIFACTS = Set.of("files", "name", "discard-paths", "base-directory",
      "exclude-paths", "enable-symlinks", "s3-prefix", "secondary-artifacts");
  private static final Set<String> REPORT = Set.of("files", "base-directory", "discard-paths", "file-format");
  private static final Set<String> SHELLS = Set.of("bash", "/bin/sh");

  private final List<String> ignored = new ArrayList<>();

  private BuildspecParser() {}

  static Buildspec parse(String text) throws BuildspecException {
    return new BuildspecParser().read(text);
  }

  private Buildspec read(String text) throws BuildspecException {
    Node root;
    try {
      root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new BuildspecException("the buildspec is not valid YAML: " + e.getProblem(),
          mark == null ? null : mark.getLine() + 1);
    } catch (YAMLException e) {
      throw new BuildspecException("the buildspec is not valid YAML: " + e.getMessage(), null);
    }
    if (root == null) {
      throw new BuildspecException("the buildspec is empty", null);
    }
    Map<String, Node> top = mapping(root, "the buildspec");
    unknownKeys(top, TOP_LEVEL, "");
    Node version = top.get("version");
    if (version == null) {
      throw new BuildspecException("'version' is missing: Flowline runs buildspec version 0.2", line(root));
    }
    String v = scalar(version, "version");
    if (!"0.2".equals(v)) {
      throw new BuildspecException("buildspec version '" + v + "' is not supported: Flowline runs version 0.2",
          line(version));
    }
    for (String key : List.of("run-as", "proxy", "batch", "cache")) {
      if (top.containsKey(key)) {
        ignored.add(key);
      }
    }
    String shell = "bash";
    Map<String, String> variables = Map.of();
    List<String> exported = List.of();
    if (top.get("env") != null) {
      Map<String, Node> env = mapping(top.get("env"), "env");
      unknownKeys(env, ENV, "env/");
      for (String secret : List.of("parameter-store", "secrets-manager")) {
        if (env.containsKey(secret)) {
          throw new BuildspecException("env/" + secret + " is not supported yet by Flowline's local CodeBuild runner",
              line(env.get(secret)));
        }
      }
      if (env.containsKey("git-credential-helper")) {
        ignored.add("env/git-credential-helper");
      }
      if (env.get("shell") != null) {
        shell = scalar(env.get("shell"), "env/shell");
        if (!SHELLS.contains(shell)) {
          throw new BuildspecException("env/shell '" + shell + "' is not supported: use bash or /bin/sh",
              line(env.get("shell")));
        }
      }
      variables = env.get("variables") == null ? Map.of() : variables(env.get("variables"));
      exported = env.get("exported-variables") == null ? List.of() : exportedVariables(env.get("exported-variables"));
    }
    Node phasesNode = top.get("phases");
    if (phasesNode == null) {
      throw new BuildspecException("'phases' is missing: a buildspec needs at least one phase", line(root));
    }
    List<Phase> phases = phases(phasesNode);
    Artifacts artifacts = top.get("artifacts") == null ? null : artifacts(top.get("artifacts"), "artifacts", true);
    Map<String, Report> reports = top.get("reports") == null ? Map.of() : reports(top.get("reports"));
    return new Buildspec(shell, variables, exported, phases, artifacts, reports, List.copyOf(ignored));
  }

  private Map<String, String> variables(Node node) throws BuildspecException {
    Map<String, String> variables = new LinkedHashMap<>();
    for (Map.Entry<String, Node> entry : mapping(node, "env/variables").entrySet()) {
      String name = entry.getKey();
      String path = "env/variables/" + name;
      if (!ShellScripts.VARIABLE_NAME.matcher(name).matches()) {
        throw new BuildspecException(path + ": '" + name + "' is not a valid environment variable name", line(entry.getValue()));
      }
      if (name.startsWith("CODEBUILD_")) {
        throw new BuildspecException(path + ": names starting with CODEBUILD_ are reserved", line(entry.getValue()));
      }
      String value = scalar(entry.getValue(), path);
      variables.put(name, value == null ? "" : value);
    }
    return variables;
  }

  private List<String> exportedVariables(Node node) throws BuildspecException {
    List<String> names = strings(node, "env/exported-variables");
    List<Node> items = ((SequenceNode) node).getValue();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String path = "env/exported-variables[" + i + "]";
      if (name == null || !ShellScripts.VARIABLE_NAME.matcher(name).matches()) {
        throw new BuildspecException(path + ": '" + name + "' is not a valid environment variable name", line(items.get(i)));
      }
      if (name.startsWith("AWS_")) {
        throw new BuildspecException(path + ": variables starting with AWS_ cannot be exported", line(items.get(i)));
      }
    }
    return names;
  }

  private List<Phase> phases(Node node) throws BuildspecException {
    Map<String, Node> declared = mapping(node, "phases");
    for (Map.Entry<String, Node> entry : declared.entrySet()) {
      if (!Buildspec.PHASE_NAMES.contains(entry.getKey())) {
        throw new BuildspecException("phases: unknown phase '" + entry.getKey() + "' (phases are "
            + String.join(", ", Buildspec.PHASE_NAMES) + ")", line(entry.getValue()));
      }
    }
    if (declared.isEmpty()) {
      throw new BuildspecException("phases: a buildspec needs at least one phase", line(node));
    }
    List<Phase> phases = new ArrayList<>();
    for (String name : Buildspec.PHASE_NAMES) {
      if (declared.containsKey(name)) {
        phases.add(phase(name, declared.get(name)));
      }
    }
    return phases;
  }

  private Phase phase(String name, Node node) throws BuildspecException {
    String path = "phases/" + name;
    if (isNull(node)) {
      throw new BuildspecException(path + " is empty: a phase needs commands", line(node));
    }
    Map<String, Node> phase = mapping(node, path);
    unknownKeys(phase, PHASE, path + "/");
    for (String key : List.of("run-as", "runtime-versions")) {
      if (phase.containsKey(key)) {
        ignored.add(path + "/" + key);
      }
    }
    OnFailure onFailure = null;
    if (phase.get("on-failure") != null) {
      String value = scalar(phase.get("on-failure"), path + "/on-failure");
      try {
        onFailure = OnFailure.valueOf(value);
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new BuildspecException(path + "/on-failure must be ABORT or CONTINUE, not '" + value + "'",
            line(phase.get("on-failure")));
      }
    }
    if (phase.get("commands") == null && !name.equals("install")) {
      throw new BuildspecException(path + "/commands is missing", line(node));
    }
    List<String> commands = phase.get("commands") == null ? List.of() : commands(phase.get("commands"), path + "/commands");
    List<String> finallyCommands = phase.get("finally") == null ? List.of() : commands(phase.get("finally"), path + "/finally");
    return new Phase(name, onFailure, commands, finallyCommands);
  }

  private static List<String> commands(Node node, String path) throws BuildspecException {
    if (!(node instanceof SequenceNode sequence)) {
      throw new BuildspecException(path + " must be a list of commands but is " + kind(node), line(node));
    }
    List<String> commands = new ArrayList<>();
    for (int i = 0; i < sequence.getValue().size(); i++) {
      Node item = sequence.getValue().get(i);
      if (item instanceof MappingNode) {
        throw new BuildspecException(path + "[" + i + "] must be a string but is a mapping "
            + "(quote a command that contains ': ')", line(item));
      }
      String command = scalar(item, path + "[" + i + "]");
      if (command == null || command.isBlank()) {
        throw new BuildspecException(path + "[" + i + "] is empty", line(item));
      }
      commands.add(command);
    }
    return List.copyOf(commands);
  }

  private Artifacts artifacts(Node node, String path, boolean primary) throws BuildspecException {
    Map<String, Node> block = mapping(node, path);
    unknownKeys(block, ARTIFACTS, path + "/");
    for (String key : List.of("exclude-paths", "enable-symlinks", "s3-prefix")) {
      if (block.containsKey(key)) {
        ignored.add(path + "/" + key);
      }
    }
    Map<String, Artifacts> secondary = new LinkedHashMap<>();
    if (block.get("secondary-artifacts") != null) {
      if (!primary) {
        throw new BuildspecException(path + ": secondary artifacts cannot have secondary-artifacts",
            line(block.get("secondary-artifacts")));
      }
      for (Map.Entry<String, Node> entry : mapping(block.get("secondary-artifacts"), path + "/secondary-artifacts").entrySet()) {
        secondary.put(entry.getKey(), artifacts(entry.getValue(), path + "/secondary-artifacts/" + entry.getKey(), false));
      }
    }
    List<String> files = block.get("files") == null ? List.of() : files(block.get("files"), path + "/files");
    if (files.isEmpty() && secondary.isEmpty()) {
      throw new BuildspecException(path + "/files is missing: list the files to include", line(node));
    }
    String name = block.get("name") == null ? null : scalar(block.get("name"), path + "/name");
    String base = block.get("base-directory") == null ? null : scalar(block.get("base-directory"), path + "/base-directory");
    return new Artifacts(files, base, yesNo(block.get("discard-paths"), path + "/discard-paths"), name, secondary);
  }

  private Map<String, Report> reports(Node node) throws BuildspecException {
    Map<String, Report> reports = new LinkedHashMap<>();
    for (Map.Entry<String, Node> entry : mapping(node, "reports").entrySet()) {
      String path = "reports/" + entry.getKey();
      Map<String, Node> group = mapping(entry.getValue(), path);
      unknownKeys(group, REPORT, path + "/");
      if (group.get("files") == null) {
        throw new BuildspecException(path + "/files is missing: list the report files", line(entry.getValue()));
      }
      List<String> files = strings(group.get("files"), path + "/files");
      String base = group.get("base-directory") == null ? null : scalar(group.get("base-directory"), path + "/base-directory");
      String format = group.get("file-format") == null ? "JUNITXML" : scalar(group.get("file-format"), path + "/file-format");
      reports.put(entry.getKey(), new Report(files, base, yesNo(group.get("discard-paths"), path + "/discard-paths"),
          format == null ? "JUNITXML" : format.toUpperCase(Locale.ROOT)));
    }
    return reports;
  }

  /** A mapping's entries by key, in order; keys must be strings and unique. */
  private static Map<String, Node> mapping(Node node, String path) throws BuildspecException {
    if (!(node instanceof MappingNode mapping)) {
      throw new BuildspecException(path + " must be a mapping but is " + kind(node), line(node));
    }
    Map<String, Node> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
        throw new BuildspecException(path + " has a key that is " + kind(tuple.getKeyNode()) + ", not a name",
            line(tuple.getKeyNode()));
      }
      if (entries.put(key.getValue(), tuple.getValueNode()) != null) {
        throw new BuildspecException(prefix(path) + key.getValue() + " is declared twice", line(key));
      }
    }
    return entries;
  }

  private static void unknownKeys(Map<String, Node> entries, Set<String> known, String prefix) throws BuildspecException {
    for (Map.Entry<String, Node> entry : entries.entrySet()) {
      if (!known.contains(entry.getKey())) {
        throw new BuildspecException("unknown key '" + prefix + entry.getKey() + "'", line(entry.getValue()));
      }
    }
  }

  /** A scalar's text; null for an explicit null ({@code ~} or nothing). */
  private static String scalar(Node node, String path) throws BuildspecException {
    if (!(node instanceof ScalarNode scalar)) {
      throw new BuildspecException(path + " must be a string but is " + kind(node), line(node));
    }
    return Tag.NULL.equals(scalar.getTag()) ? null : scalar.getValue();
  }

  /**
   * An artifact's {@code files}: a list, or one file as a plain string. AWS's reference shows a list, but CodeBuild
   * accepts the single string, and AWS's own ECS tutorial writes {@code files: imagedefinitions.json}.
   */
  private static List<String> files(Node node, String path) throws BuildspecException {
    if (node instanceof ScalarNode && !Tag.NULL.equals(node.getTag())) {
      return List.of(scalar(node, path));
    }
    return strings(node, path);
  }

  private static List<String> strings(Node node, String path) throws BuildspecException {
    if (!(node instanceof SequenceNode sequence)) {
      throw new BuildspecException(path + " must be a list but is " + kind(node), line(node));
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < sequence.getValue().size(); i++) {
      values.add(scalar(sequence.getValue().get(i), path + "[" + i + "]"));
    }
    return values;
  }

  private static boolean yesNo(Node node, String path) throws BuildspecException {
    if (node == null || isNull(node)) {
      return false;
    }
    String value = scalar(node, path).toLowerCase(Locale.ROOT);
    return switch (value) {
      case "yes", "true", "on" -> true;
      case "no", "false", "off" -> false;
      default -> throw new BuildspecException(path + " must be yes or no, not '" + value + "'", line(node));
    };
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag());
  }

  private static String kind(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    return isNull(node) ? "empty" : "a string";
  }

  private static String prefix(String path) {
    return path.equals("the buildspec") ? "" : path + "/";
  }

  private static Integer line(Node node) {
    return node == null || node.getStartMark() == null ? null : node.getStartMark().getLine() + 1;
  }
}

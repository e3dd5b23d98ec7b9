package dev.flowline.actions.compute;

import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.sandbox.Sandbox;
import dev.flowline.actions.shell.ShellProcess;
import dev.flowline.actions.shell.ShellScripts;
import dev.flowline.artifacts.Zips;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.EnvironmentVariable;
import dev.flowline.pipeline.OutputArtifact;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CodePipeline's Commands action ({@code Compute/AWS/Commands/1}, V2 pipelines only), run locally with bash
 * inside the {@link Sandbox} (the workspace is the only writable place; HOME is inside it).
 *
 * <p>Each call runs all of {@code job.commands()} in one bash process in a fresh workspace, stopping at the
 * first failing command. The first input artifact is unpacked in the working directory
 * ({@code CODEBUILD_SRC_DIR}); every input artifact is also at {@code CODEBUILD_SRC_DIR_<name>}. The
 * environment is PATH, HOME, LANG and USER of the server, CodeBuild-like ids and the job's PLAINTEXT
 * environment variables, nothing else of the server's (its credentials stay out). Output goes to the action
 * log as it is produced. On success the files matching the output artifact's {@code files} globs (relative to
 * the working directory) are zipped, and the requested output variables, exported or just set by the
 * commands, are returned. A non-zero exit fails the job with the last 20 lines of output; exceeding
 * {@code job.timeout()} kills every process the commands started and fails the job. The call has no
 * external side effect of its own, so a repeated call after a crash simply runs the commands again.
 */
public final class CommandsExecutor implements ActionExecutor {

  static final ActionTypeSpec TYPE = new ActionTypeSpec(ActionTypeId.of("Compute", "AWS", "Commands", "1"),
      1, 10, 0, 1, List.of(), true, Duration.ofHours(1));

  private static final int TAIL_LINES = 20;
  private static final int MAX_FAILURE_MESSAGE = 5000;
  private static final int MAX_OUTPUT_VARIABLE_BYTES = 122_880;
  private static final Pattern SHELL_NAME = ShellScripts.VARIABLE_NAME;
  private static final Pattern ARTIFACT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  private final Sandbox sandbox;

  public CommandsExecutor(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  @Override
  public ActionTypeSpec type() {
    return TYPE;
  }

  @Override
  public ActionResult execute(ActionJob job, ActionContext context) throws IOException, InterruptedException {
    List<String> commands = job.commands() == null ? List.of() : job.commands();
    List<String> outputVariables = job.outputVariables() == null ? List.of() : job.outputVariables();
    List<EnvironmentVariable> environmentVariables = job.environmentVariables() == null ? List.of() : job.environmentVariables();
    String problem = configurationProblem(job, commands, outputVariables, environmentVariables);
    if (problem != null) {
      return ActionResult.Failed.configurationError(problem);
    }

    Path workspace = context.workspace();
    Path source = Files.createDirectories(workspace.resolve("src"));
    Path control = Files.createDirectories(workspace.resolve("control"));
    Path temp = Files.createDirectories(workspace.resolve("tmp"));
    String buildId = "flowline-commands:" + job.actionExecutionId();
    Map<String, String> environment = baseEnvironment(job, buildId, source, temp);
    List<InputArtifactRef> inputs = job.inputArtifacts();
    for (int i = 0; i < inputs.size(); i++) {
      InputArtifactRef input = inputs.get(i);
      Path directory = i == 0 ? source : workspace.resolve("inputs").resolve(input.name());
      context.unpack(input, directory);
      environment.put("CODEBUILD_SRC_DIR_" + input.name(), directory.toString());
    }
    for (EnvironmentVariable variable : environmentVariables) {
      environment.put(variable.name(), variable.value() == null ? "" : variable.value());
    }

    PrintStream log = context.log();
    Path variablesFile = control.resolve("output-variables");
    String script = CommandScript.of(commands, outputVariables, variablesFile);
    Duration timeout = job.timeout() != null ? job.timeout() : TYPE.defaultTimeout();
    long started = System.nanoTime();
    ShellProcess.Outcome outcome = ShellProcess.run(
        new ShellProcess.Command("bash", "flowline-commands", script, workspace, source, environment, timeout),
        sandbox, log, TAIL_LINES);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    if (outcome.timedOut()) {
      log.println("[Flowline] Timed out after " + seconds(timeout) + "; stopped all processes");
      return failed("Commands timed out after " + seconds(timeout) + ": ", outcome.lastLines(), buildId, context);
    }
    if (outcome.stopped() != null) {
      return failed(outcome.stopped() + (outcome.lastLines().isEmpty() ? "" : ": "), outcome.lastLines(), buildId, context);
    }
    if (outcome.exitCode() != 0) {
      String limit = outcome.limitHit() == null ? "" : " (" + outcome.limitHit() + ")";
      return failed("Command failed with exit code " + outcome.exitCode() + limit + ": ", outcome.lastLines(), buildId,
          context);
    }

    Map<String, String> variables = ShellScripts.readVariables(variablesFile);
    for (String name : outputVariables) {
      if (!variables.containsKey(name)) {
        log.println("[Flowline] Output variable " + name + " was not set by the commands");
      }
    }
    if (sizeOf(variables) > MAX_OUTPUT_VARIABLE_BYTES) {
      return new ActionResult.Failed("JobFailed", "The output variables exceed " + MAX_OUTPUT_VARIABLE_BYTES
          + " bytes in total", buildId, context.logUrl());
    }
    Map<String, Path> artifacts = new LinkedHashMap<>();
    for (OutputArtifact output : job.outputArtifacts() == null ? List.<OutputArtifact>of() : job.outputArtifacts()) {
      Path zip = control.resolve(output.name() + ".zip");
      if (Zips.zip(source, output.files(), zip) == 0) {
        return new ActionResult.Failed("JobFailed", "No files in the working directory match the files "
            + output.files() + " of output artifact '" + output.name() + "'", buildId, context.logUrl());
      }
      artifacts.put(output.name(), zip);
    }
    String summary = "Ran " + commands.size() + (commands.size() == 1 ? " command" : " commands") + " in " + seconds(took);
    log.println("[Flowline] " + summary);
    return new ActionResult.Succeeded(artifacts, variables, summary, buildId, context.logUrl(), null);
  }

  private static String configurationProblem(ActionJob job, List<String> commands, List<String> outputVariables,
      List<EnvironmentVariable> environmentVariables) {
    if (commands.isEmpty()) {
      return "The Commands action needs at least one command";
    }
    if (job.inputArtifacts() == null || job.inputArtifacts().isEmpty()) {
      return "The Commands action needs at least one input artifact";
    }
    for (InputArtifactRef input : job.inputArtifacts()) {
      if (!ARTIFACT_NAME.matcher(input.name()).matches()) {
        return "Input artifact name '" + input.name() + "' is not valid";
      }
    }
    for (String name : outputVariables) {
      if (!SHELL_NAME.matcher(name).matches()) {
        return "Output variable '" + name + "' is not a valid shell variable name";
      }
    }
    for (EnvironmentVariable variable : environmentVariables) {
      String type = variable.type() == null ? "PLAINTEXT" : variable.type();
      if (!SHELL_NAME.matcher(variable.name()).matches()) {
        return "Environment variable '" + variable.name() + "' is not a valid shell variable name";
      }
      if (type.equals("SECRETS_MANAGER")) {
        return "Environment variable '" + variable.name() + "' has type SECRETS_MANAGER, which is not supported yet";
      }
      if (!type.equals("PLAINTEXT")) {
        return "Environment variable '" + variable.name() + "' has unknown type '" + type + "'";
      }
    }
    for (OutputArtifact output : job.outputArtifacts() == null ? List.<OutputArtifact>of() : job.outputArtifacts()) {
      if (output.files() == null || output.files().isEmpty()) {
        return "Output artifact '" + output.name() + "' must list the files to include";
      }
    }
    return null;
  }

  private static Map<String, String> baseEnvironment(ActionJob job, String buildId, Path source, Path temp) {
    Map<String, String> environment = ShellScripts.baseEnvironment(source, temp);
    environment.put("CODEBUILD_CI", "true");
    environment.put("CODEBUILD_BUILD_ID", buildId);
    environment.put("CODEBUILD_INITIATOR", "codepipeline/" + job.pipelineName());
    environment.put("CODEBUILD_SRC_DIR", source.toString());
    String revision = job.inputArtifacts().get(0).revisionId();
    if (revision != null) {
      environment.put("CODEBUILD_RESOLVED_SOURCE_VERSION", revision);
    }
    if (job.region() != null) {
      environment.put("AWS_REGION", job.region());
      environment.put("AWS_DEFAULT_REGION", job.region());
    }
    return environment;
  }

  private static ActionResult.Failed failed(String prefix, List<String> lastLines, String buildId, ActionContext context) {
    String message = prefix + String.join("\n", lastLines);
    if (message.length() > MAX_FAILURE_MESSAGE) {
      message = prefix + "..." + message.substring(message.length() - (MAX_FAILURE_MESSAGE - prefix.length() - 3));
    }
    return new ActionResult.Failed("JobFailed", message, buildId, context.logUrl());
  }

  private static long sizeOf(Map<String, String> variables) {
    return variables.entrySet().stream()
        .mapToLong(e -> (e.getKey() + e.getValue()).getBytes(StandardCharsets.UTF_8).length)
        .sum();
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}

package dev.flowline.actions.build;

import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.sandbox.Sandbox;
import dev.flowline.actions.shell.ShellProcess;
import dev.flowline.actions.shell.ShellScripts;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The embedded CodeBuild: runs the buildspec (version 0.2) of the primary source on this machine.
 *
 * <p>Each call is one whole build in a fresh workspace: the input artifacts are unpacked (the primary at
 * {@code CODEBUILD_SRC_DIR}, the others at {@code CODEBUILD_SRC_DIR_<name>}), the buildspec is read
 * ({@code buildspec.yml} in the primary source, or what {@code projectBuildspecs} says for the project: a
 * path inside the primary source, or the buildspec itself inline), its phases run in one shell
 * ({@link PhaseScript}) inside the {@link Sandbox} with output streamed to the action log, JUnit reports are counted
 * ({@link TestReports}) and the artifacts zipped ({@link BuildArtifacts}). The exported variables become
 * the action's output variables. A broken buildspec is a ConfigurationError naming the problem and its line;
 * a failed phase, a timeout ({@code job.timeout()}, then every process of the build is killed) or missing
 * artifacts fail the job. No external side effect: a call repeated after a crash runs the build again.
 */
public final class LocalCodeBuild implements CodeBuildBackend {

  static final String DEFAULT_BUILDSPEC = "buildspec.yml";
  private static final Duration DEFAULT_TIMEOUT = Duration.ofHours(8);
  private static final int MAX_OUTPUT_VARIABLE_BYTES = 122_880;

  private final Map<String, String> projectBuildspecs;
  private final BuildNumbers buildNumbers;
  private final String accountId;
  private final String region;
  private final Sandbox sandbox;

  /**
   * @param stateDirectory    where the per-project build numbers are kept
   * @param projectBuildspecs project name -> buildspec path inside the primary source, or inline YAML
   * @param accountId         for {@code CODEBUILD_BUILD_ARN}
   * @param region            {@code AWS_REGION} of builds whose action names no region
   * @param sandbox           where the phases run
   */
  public LocalCodeBuild(Path stateDirectory, Map<String, String> projectBuildspecs, String accountId, String region,
      Sandbox sandbox) {
    this.sandbox = sandbox;
    this.projectBuildspecs = Map.copyOf(projectBuildspecs);
    this.buildNumbers = new BuildNumbers(stateDirectory);
    this.accountId = accountId;
    this.region = region;
  }

  @Override
  public ActionResult run(CodeBuildRequest request, ActionJob job, ActionContext context)
      throws IOException, InterruptedException {
    String variablesProblem = BuildEnvironment.problem(request.environmentVariables());
    if (variablesProblem != null) {
      return ActionResult.Failed.configurationError(variablesProblem);
    }
    PrintStream log = context.log();
    String buildId = request.projectName() + ":" + UUID.randomUUID();
    Path workspace = context.workspace();
    Path control = Files.createDirectories(workspace.resolve("control"));
    Path temp = Files.createDirectories(workspace.resolve("tmp"));
    Path primary = workspace.resolve("src").resolve(request.primarySource().name());
    log.println("[Container] Build " + buildId + " of project " + request.projectName() + " (Flowline local runner)");
    unpack(context, request.primarySource(), primary, "primary source", log);
    Map<String, Path> secondary = new LinkedHashMap<>();
    for (InputArtifactRef input : request.secondarySources()) {
      Path dir = workspace.resolve("src").resolve(input.name());
      unpack(context, input, dir, "secondary source", log);
      secondary.put(input.name(), dir);
    }

    Buildspec buildspec;
    String configured = projectBuildspecs.get(request.projectName());
    String buildspecName = isInline(configured) ? "(inline buildspec of project " + request.projectName() + ")"
        : configured == null ? DEFAULT_BUILDSPEC : configured;
    try {
      String text = isInline(configured) ? configured : readBuildspec(primary, buildspecName, request);
      buildspec = BuildspecParser.parse(text);
    } catch (BuildspecException e) {
      log.println("[Container] YAML_FILE_ERROR: " + buildspecName + ": " + e.getMessage());
      return new ActionResult.Failed("ConfigurationError", "YAML_FILE_ERROR: Invalid buildspec " + buildspecName
          + ": " + e.getMessage(), buildId, context.logUrl());
    }
    log.println("[Container] Processing buildspec " + buildspecName);
    if (!buildspec.ignored().isEmpty()) {
      log.println("[Container] Not applied by the local runner: " + String.join(", ", buildspec.ignored()));
    }

    String buildRegion = job.region() != null ? job.region() : region;
    long started = context.clock().millis();
    BuildEnvironment.Ids ids = new BuildEnvironment.Ids(buildId,
        "arn:aws:codebuild:" + buildRegion + ":" + accountId + ":build/" + buildId,
        buildNumbers.next(request.projectName()), started);
    Map<String, String> environment = BuildEnvironment.of(job, request, ids, buildRegion, primary, secondary, temp,
        buildspec.variables());
    Path controlFile = control.resolve("phases");
    Path variablesFile = control.resolve("exported-variables");
    String script = PhaseScript.of(buildspec, controlFile, variablesFile);
    Duration timeout = job.timeout() != null ? job.timeout() : DEFAULT_TIMEOUT;
    ShellProcess.Outcome outcome = ShellProcess.run(
        new ShellProcess.Command(buildspec.shell(), "codebuild", script, workspace, primary, environment, timeout),
        sandbox, log, 1);
    PhaseResults phases = PhaseResults.read(controlFile, buildspec.phases());
    Optional<TestReports.Totals> tests = TestReports.collect(buildspec.reports(), primary, log);

    if (outcome.timedOut() || outcome.stopped() != null || !phases.succeeded()) {
      String message = failure(phases, outcome, timeout) + BuildMessages.tests(tests);
      log.println("[Container] " + message);
      return new ActionResult.Failed("JobFailed", message, buildId, context.logUrl());
    }
    Map<String, Path> artifacts;
    try {
      artifacts = BuildArtifacts.collect(buildspec.artifacts(), request.outputArtifacts(), primary,
          Files.createDirectories(control.resolve("artifacts")), log);
    } catch (BuildArtifacts.UploadException e) {
      String message = BuildMessages.terminated("FAILED", "UPLOAD_ARTIFACTS", "CLIENT_ERROR", e.getMessage())
          + BuildMessages.tests(tests);
      log.println("[Container] " + message);
      return new ActionResult.Failed("JobFailed", message, buildId, context.logUrl());
    }
    Map<String, String> exported = exportedVariables(buildspec, variablesFile, log);
    if (exported.entrySet().stream().mapToLong(e -> (e.getKey() + e.getValue()).getBytes(StandardCharsets.UTF_8).length)
        .sum() > MAX_OUTPUT_VARIABLE_BYTES) {
      return new ActionResult.Failed("JobFailed", "The exported variables exceed " + MAX_OUTPUT_VARIABLE_BYTES
          + " bytes in total", buildId, context.logUrl());
    }
    String summary = BuildMessages.succeeded(tests);
    log.println("[Container] " + summary + " in " + seconds(Duration.ofMillis(context.clock().millis() - started)));
    return new ActionResult.Succeeded(artifacts, exported, summary, buildId, context.logUrl(), null);
  }

  private static void unpack(ActionContext context, InputArtifactRef input, Path dir, String role, PrintStream log)
      throws IOException {
    context.unpack(input, dir);
    log.println("[Container] Downloaded " + role + " " + input.name()
        + (input.revisionId() == null ? "" : " (revision " + input.revisionId() + ")") + " to " + dir);
  }

  /** A configured buildspec is inline YAML when it spans lines or starts like one. */
  private static boolean isInline(String configured) {
    return configured != null && (configured.contains("\n") || configured.strip().startsWith("version:"));
  }

  private static String readBuildspec(Path primary, String path, CodeBuildRequest request)
      throws BuildspecException, IOException {
    Path file = primary.resolve(path).normalize();
    // the real path: a buildspec that is a link out of the source must not read a host file
    if (!file.startsWith(primary) || !Files.isRegularFile(file) || !file.toRealPath().startsWith(primary.toRealPath())) {
      throw new BuildspecException("the file was not found in the primary source (input artifact '"
          + request.primarySource().name() + "')", null);
    }
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  private static String failure(PhaseResults phases, ShellProcess.Outcome outcome, Duration timeout) {
    String phase = phases.failedPhase();
    String limit = outcome.limitHit() == null ? "" : " (" + outcome.limitHit() + ")";
    if (outcome.stopped() != null) {
      return BuildMessages.terminated("FAILED", phase == null ? "PROVISIONING" : phase, "CLIENT_ERROR", outcome.stopped());
    }
    if (outcome.timedOut()) {
      return BuildMessages.terminated("TIMED_OUT", phase == null ? "PROVISIONING" : phase, "BUILD_TIMED_OUT",
          "Build has timed out after " + seconds(timeout));
    }
    if (phases.failure() != null) {
      PhaseResults.Failure failure = phases.failure();
      return BuildMessages.terminated("FAILED", failure.phase(), "COMMAND_EXECUTION_ERROR",
          BuildMessages.commandFailed(failure.command(), failure.exitStatus()) + limit) + BuildMessages.skipped(phases.skipped());
    }
    return BuildMessages.terminated("FAILED", phase == null ? "BUILD" : phase, "COMMAND_EXECUTION_ERROR",
        "The shell exited with exit status " + outcome.exitCode() + " before the build finished"
            + (limit.isEmpty() ? " (a command ran exit)" : limit));
  }

  private static Map<String, String> exportedVariables(Buildspec buildspec, Path file, PrintStream log) throws IOException {
    Map<String, String> written = ShellScripts.readVariables(file);
    Map<String, String> exported = new LinkedHashMap<>();
    for (String name : buildspec.exportedVariables()) {
      if (written.containsKey(name)) {
        exported.put(name, written.get(name));
      } else {
        log.println("[Container] Exported variable " + name + " was not set by the build");
      }
    }
    return exported;
  }

  private static String seconds(Duration duration) {
    return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}

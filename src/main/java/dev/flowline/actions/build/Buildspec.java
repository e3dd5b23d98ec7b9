package dev.flowline.actions.build;

import java.util.List;
import java.util.Map;

/**
 * A parsed buildspec (version 0.2), reduced to what the local runner acts on. Phases are kept in
 * CodeBuild's order (install, pre_build, build, post_build) and only the ones the buildspec declares.
 *
 * @param shell     the shell every command runs in: {@code bash} (default) or {@code /bin/sh}
 * @param variables {@code env/variables}, values taken literally
 * @param ignored   keys the local runner recognises but does not act on ({@code run-as}, {@code cache}, ...),
 *                  logged when the build starts
 */
record Buildspec(
    String shell,
    Map<String, String> variables,
    List<String> exportedVariables,
    List<Phase> phases,
    Artifacts artifacts,
    Map<String, Report> reports,
    List<String> ignored) {

  /** CodeBuild's phase names in the order they run, as written in a buildspec. */
  static final List<String> PHASE_NAMES = List.of("install", "pre_build", "build", "post_build");

  /** What to do when a command of a phase fails; null on a phase means CodeBuild's default transitions. */
  enum OnFailure { ABORT, CONTINUE }

  /**
   * One phase.
   *
   * @param name           as written in the buildspec ({@code pre_build}); {@link #label()} is CodeBuild's
   *                       upper-case phase type ({@code PRE_BUILD})
   * @param onFailure      null when the buildspec does not say
   * @param finallyCommands run after {@code commands}, also when one of them failed
   */
  record Phase(String name, OnFailure onFailure, List<String> commands, List<String> finallyCommands) {
    String label() {
      return name.toUpperCase(java.util.Locale.ROOT);
    }
  }

  /**
   * An {@code artifacts} block, or one of its {@code secondary-artifacts} (which have none of their own).
   *
   * @param files          globs relative to the base directory; empty when only secondary artifacts are declared
   * @param baseDirectory  null = the primary source directory; may itself be a glob ({@code 'my-build*'})
   * @param name           the artifact name; CodePipeline names its artifacts itself, so it is only logged
   */
  record Artifacts(List<String> files, String baseDirectory, boolean discardPaths, String name,
      Map<String, Artifacts> secondary) {}

  /** A {@code reports} group; {@code fileFormat} is upper case, JUNITXML when not given. */
  record Report(List<String> files, String baseDirectory, boolean discardPaths, String fileFormat) {}
}

package dev.flowline.actions.build;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.sandbox.Sandbox;
import dev.flowline.actions.sandbox.SandboxProperties;
import dev.flowline.pipeline.OutputArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the CodeBuild executors with the local runner the way the worker does ({@link ActionFixture}), on the
 * sample projects under {@code src/test/resources/codebuild/}.
 */
final class LocalBuilds {

  static final Path SAMPLES = Path.of("src/test/resources/codebuild");

  final ActionFixture fixture;
  private final Map<String, String> projectBuildspecs = new LinkedHashMap<>();
  private SandboxProperties sandbox = SandboxProperties.defaults();

  LocalBuilds(Path root) throws IOException {
    this.fixture = new ActionFixture(root);
  }

  /** Configures {@code flowline.codebuild.projects.<project>.buildspec}. */
  LocalBuilds projectBuildspec(String project, String buildspec) {
    projectBuildspecs.put(project, buildspec);
    return this;
  }

  /** Runs the builds in a sandbox with these settings. */
  LocalBuilds sandbox(SandboxProperties settings) {
    this.sandbox = settings;
    return this;
  }

  CodeBuildExecutor executor() {
    return CodeBuildExecutor.build(new LocalCodeBuild(fixture.dataDir.resolve("codebuild"), projectBuildspecs,
        "123456789012", "eu-west-1", Sandbox.of(sandbox)));
  }

  /** The files of a sample project, as an input artifact. */
  InputArtifactRef sample(String artifactName, String sample) throws IOException {
    return fixture.artifact(artifactName, files(SAMPLES.resolve(sample)));
  }

  InputArtifactRef source(String artifactName, Map<String, String> files) throws IOException {
    return fixture.artifact(artifactName, files);
  }

  static ActionFixture.JobBuilder job(String project, InputArtifactRef... inputs) {
    return ActionFixture.job(CodeBuildExecutor.BUILD.id()).configuration(Map.of("ProjectName", project)).inputs(inputs);
  }

  ActionResult run(ActionFixture.JobBuilder job) throws Exception {
    return fixture.run(executor(), job.build());
  }

  ActionResult run(ActionJob job) throws Exception {
    return fixture.run(executor(), job);
  }

  /** Builds a buildspec-only source with the given buildspec text and runs it. */
  ActionResult runBuildspec(String buildspec, Duration timeout, OutputArtifact... outputs) throws Exception {
    InputArtifactRef source = source("Src", Map.of("buildspec.yml", buildspec));
    ActionFixture.JobBuilder job = job("inline-project", source).outputs(outputs);
    if (timeout != null) {
      job.timeout(timeout);
    }
    return run(job);
  }

  static Map<String, String> files(Path directory) throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        files.put(directory.relativize(file).toString(), Files.readString(file));
      }
    }
    return files;
  }

  /** Every file of a zip, relative path -> content. */
  Map<String, String> contents(Path zip) throws IOException {
    return files(fixture.unzip(zip));
  }

  static List<String> lines(String text) {
    return text.lines().toList();
  }
}

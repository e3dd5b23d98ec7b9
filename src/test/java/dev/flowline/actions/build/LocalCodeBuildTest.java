package dev.flowline.actions.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.pipeline.OutputArtifact;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalCodeBuildTest {

  @TempDir Path root;
  LocalBuilds builds;

  @BeforeEach
  void setUp() throws Exception {
    builds = new LocalBuilds(root);
  }

  @Test
  @DisplayName("given the sample app, when it is built, then the artifact holds dist/, the summary counts the tests "
      + "and the exported variables are the output variables")
  void sampleAppBuilds() throws Exception {
    InputArtifactRef source = builds.sample("Src", "app");
    ActionJob job = LocalBuilds.job("app", source).outputs(new OutputArtifact("BuildOutput")).build();
    long before = Instant.now().toEpochMilli();

    ActionResult result = builds.run(job);

    assertThat(result).isInstanceOf(ActionResult.Succeeded.class);
    ActionResult.Succeeded ok = (ActionResult.Succeeded) result;
    assertThat(ok.summary()).isEqualTo("Build succeeded; tests: 3 passed, 1 failed, 1 skipped");
    assertThat(ok.externalExecutionId()).matches("app:[0-9a-f-]{36}");
    assertThat(ok.externalExecutionUrl()).isEqualTo("/flowline/logs/" + job.actionExecutionId());
    assertThat(ok.outputVariables()).containsExactly(Map.entry("APP_VERSION", "1.2.1"),
        Map.entry("BUILT_BY", "codepipeline/MyPipeline"));

    Map<String, String> artifact = builds.contents(ok.outputArtifacts().get("BuildOutput"));
    assertThat(artifact).containsOnlyKeys("index.html", "lib/app.js", "build-env.txt");
    assertThat(artifact.get("index.html")).contains("<title>App 1.2.1</title>");
    Map<String, String> env = LocalBuilds.lines(artifact.get("build-env.txt")).stream()
        .map(line -> line.split("=", 2)).collect(java.util.stream.Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    assertThat(env).containsEntry("CODEBUILD_BUILD_ID", ok.externalExecutionId())
        .containsEntry("CODEBUILD_BUILD_ARN", "arn:aws:codebuild:us-east-1:123456789012:build/" + ok.externalExecutionId())
        .containsEntry("CODEBUILD_BUILD_NUMBER", "1")
        .containsEntry("CODEBUILD_INITIATOR", "codepipeline/MyPipeline")
        .containsEntry("CODEBUILD_RESOLVED_SOURCE_VERSION", "rev-Src")
        .containsEntry("CODEBUILD_BUILD_SUCCEEDING", "1")
        .containsEntry("GREETING", "hello from the buildspec")
        .containsEntry("AWS_REGION", "us-east-1");
    assertThat(env.get("CODEBUILD_SRC_DIR")).endsWith("/src/Src");
    assertThat(Long.parseLong(env.get("CODEBUILD_START_TIME"))).isBetween(before, Instant.now().toEpochMilli());

    String log = builds.fixture.log(job);
    assertThat(log).contains("[Container] Entering phase INSTALL", "[Container] Entering phase POST_BUILD",
        "[Container] Running command bash scripts/build.sh \"$TARGET\" \"$APP_VERSION\"",
        "built version 1.2.1 into dist", "build phase done", "Report group unit-tests: 3 passed, 1 failed, 1 skipped",
        "Artifact name 'app-$(date +%s)' is not used", "Exported variable NEVER_SET was not set by the build");
  }

  @Test
  @DisplayName("given a project built twice, then CODEBUILD_BUILD_NUMBER counts its builds")
  void buildNumbersCount() throws Exception {
    String buildspec = "version: 0.2\nenv:\n  exported-variables: [NUMBER]\nphases:\n  build:\n    commands:\n"
        + "      - NUMBER=$CODEBUILD_BUILD_NUMBER\n";
    ActionResult first = builds.runBuildspec(buildspec, null);
    ActionResult second = builds.runBuildspec(buildspec, null);

    assertThat(((ActionResult.Succeeded) first).outputVariables()).containsEntry("NUMBER", "1");
    assertThat(((ActionResult.Succeeded) second).outputVariables()).containsEntry("NUMBER", "2");
  }

  @Test
  @DisplayName("given two output artifacts, then each is the secondary artifact of its name, with base-directory "
      + "globs and discard-paths applied")
  void secondaryArtifacts() throws Exception {
    InputArtifactRef source = builds.sample("Src", "secondary");

    ActionResult result = builds.run(LocalBuilds.job("site", source)
        .outputs(new OutputArtifact("WebOutput"), new OutputArtifact("DocsOutput")));

    ActionResult.Succeeded ok = (ActionResult.Succeeded) result;
    assertThat(builds.contents(ok.outputArtifacts().get("WebOutput")))
        .containsOnlyKeys("index.html", "css/site.css");
    assertThat(builds.contents(ok.outputArtifacts().get("DocsOutput")))
        .containsOnly(Map.entry("intro.md", "guide\n"), Map.entry("notes.md", "notes\n"));
  }

  @Test
  @DisplayName("given two output artifacts and a buildspec without a secondary artifact for one, then the build fails "
      + "naming it")
  void outputWithoutSecondaryArtifact() throws Exception {
    InputArtifactRef source = builds.sample("Src", "secondary");

    ActionResult result = builds.run(LocalBuilds.job("site", source)
        .outputs(new OutputArtifact("WebOutput"), new OutputArtifact("Other")));

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> assertThat(failed.message())
        .startsWith("Build terminated with state: FAILED. Phase: UPLOAD_ARTIFACTS, Code: CLIENT_ERROR")
        .contains("Output artifact 'Other' has no entry with that identifier"));
  }

  @Test
  @DisplayName("given artifact files that match nothing, then the build fails with CodeBuild's 'no matching artifact paths'")
  void noMatchingArtifactPaths() throws Exception {
    ActionResult result = builds.runBuildspec("version: 0.2\nphases:\n  build:\n    commands: [\"true\"]\n"
        + "artifacts:\n  files: ['target/*.jar']\n", null, new OutputArtifact("Out"));

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("JobFailed");
      assertThat(failed.message()).contains("CLIENT_ERROR: no matching artifact paths found for output artifact 'Out'");
    });
  }

  @Test
  @DisplayName("given two inputs and PrimarySource, then the primary's buildspec runs in CODEBUILD_SRC_DIR and the other "
      + "input is at CODEBUILD_SRC_DIR_<name>")
  void primarySourceWithTwoInputs() throws Exception {
    InputArtifactRef config = builds.sample("Config", "multi-source/config");
    InputArtifactRef app = builds.sample("App", "multi-source/app");

    ActionResult result = builds.run(LocalBuilds.job("multi", config, app)
        .configuration(Map.of("ProjectName", "multi", "PrimarySource", "App"))
        .outputs(new OutputArtifact("Out")));

    ActionResult.Succeeded ok = (ActionResult.Succeeded) result;
    assertThat(builds.contents(ok.outputArtifacts().get("Out")))
        .containsOnly(Map.entry("combined.txt", "mode=production\nprimary revision rev-App\n"));
  }

  @Test
  @DisplayName("given a project buildspec path, then that file of the primary source is the buildspec")
  void projectBuildspecPath() throws Exception {
    builds.projectBuildspec("custom", "ci/release.yml");
    InputArtifactRef source = builds.source("Src", Map.of(
        "buildspec.yml", "version: 0.2\nphases:\n  build:\n    commands: ['exit 3']\n",
        "ci/release.yml", "version: 0.2\nenv:\n  exported-variables: [WHICH]\nphases:\n  build:\n"
            + "    commands: ['WHICH=release']\n"));

    ActionResult result = builds.run(LocalBuilds.job("custom", source));

    assertThat(((ActionResult.Succeeded) result).outputVariables()).containsEntry("WHICH", "release");
  }

  @Test
  @DisplayName("given an inline project buildspec, then it runs instead of the source's buildspec.yml")
  void inlineProjectBuildspec() throws Exception {
    builds.projectBuildspec("inline", "version: 0.2\nenv:\n  exported-variables: [WHICH]\nphases:\n  build:\n"
        + "    commands: ['WHICH=inline']\n");
    InputArtifactRef source = builds.source("Src", Map.of("README.md", "no buildspec here"));

    ActionResult result = builds.run(LocalBuilds.job("inline", source));

    assertThat(((ActionResult.Succeeded) result).outputVariables()).containsEntry("WHICH", "inline");
  }

  @Test
  @DisplayName("given no buildspec.yml in the primary source, then the action fails with a ConfigurationError saying so")
  void missingBuildspec() throws Exception {
    InputArtifactRef source = builds.source("Src", Map.of("README.md", "nothing"));

    ActionResult result = builds.run(LocalBuilds.job("app", source));

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("ConfigurationError");
      assertThat(failed.message()).isEqualTo("YAML_FILE_ERROR: Invalid buildspec buildspec.yml: the file was not "
          + "found in the primary source (input artifact 'Src')");
    });
  }

  @Test
  @DisplayName("given EnvironmentVariables, then they override the buildspec's env/variables")
  void environmentVariablesOverrideTheBuildspec() throws Exception {
    InputArtifactRef source = builds.source("Src", Map.of("buildspec.yml", "version: 0.2\nenv:\n  variables:\n"
        + "    STAGE: dev\n    KEEP: kept\n  exported-variables: [SEEN]\nphases:\n  build:\n"
        + "    commands: ['SEEN=\"$STAGE/$KEEP\"']\n"));

    ActionResult result = builds.run(LocalBuilds.job("env", source).configuration(Map.of("ProjectName", "env",
        "EnvironmentVariables", "[{\"name\":\"STAGE\",\"value\":\"prod\",\"type\":\"PLAINTEXT\"}]")));

    assertThat(((ActionResult.Succeeded) result).outputVariables()).containsEntry("SEEN", "prod/kept");
  }

  @Test
  @DisplayName("given env/shell /bin/sh, then the commands run in the POSIX shell")
  void posixShell() throws Exception {
    ActionResult result = builds.runBuildspec("version: 0.2\nenv:\n  shell: /bin/sh\n  exported-variables: [BASH_SEEN]\n"
        + "phases:\n  build:\n    commands:\n      - BASH_SEEN=\"${BASH_VERSION:-none}\"\n", null);

    assertThat(((ActionResult.Succeeded) result).outputVariables()).containsEntry("BASH_SEEN", "none");
  }
}

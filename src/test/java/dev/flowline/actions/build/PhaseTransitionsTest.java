package dev.flowline.actions.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.sandbox.HostProcesses;
import dev.flowline.actions.sandbox.SandboxProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/** CodeBuild's phase rules: commands, finally, on-failure and the default build phase transitions. */
class PhaseTransitionsTest {

  @TempDir Path root;
  LocalBuilds builds;

  @BeforeEach
  void setUp() throws Exception {
    builds = new LocalBuilds(root);
  }

  @Test
  @DisplayName("given pre_build fails with on-failure CONTINUE, then its finally runs, later phases run with "
      + "CODEBUILD_BUILD_SUCCEEDING=0, and the build fails naming the command")
  void onFailureContinue() throws Exception {
    InputArtifactRef source = builds.sample("Src", "continue-finally");
    ActionJob job = LocalBuilds.job("cont", source).build();

    ActionResult result = builds.run(job);

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("JobFailed");
      assertThat(failed.message()).isEqualTo("Build terminated with state: FAILED. Phase: PRE_BUILD, "
          + "Code: COMMAND_EXECUTION_ERROR, Message: Error while executing command: ./does-not-exist.sh. "
          + "Reason: exit status 127");
      assertThat(failed.externalExecutionId()).startsWith("cont:");
    });
    String log = builds.fixture.log(job);
    assertThat(log).contains("pre_build one", "pre_build finally ran", "build ran with CODEBUILD_BUILD_SUCCEEDING=0",
        "build finally ran", "post_build ran", "Phase complete: PRE_BUILD State: FAILED",
        "Phase complete: BUILD State: SUCCEEDED").doesNotContain("never printed");
  }

  @Test
  @DisplayName("given the build phase fails (no on-failure), then post_build still runs, sees "
      + "CODEBUILD_BUILD_SUCCEEDING=0, and the build fails in BUILD")
  void buildFailureStillRunsPostBuild() throws Exception {
    ActionJob job = buildspecJob("""
        version: 0.2
        phases:
          build:
            commands:
              - echo compiling
              - exit_code=4; (exit $exit_code)
              - echo not reached
          post_build:
            commands:
              - echo "post_build sees $CODEBUILD_BUILD_SUCCEEDING"
        """);

    ActionResult result = builds.run(job);

    assertThat(((ActionResult.Failed) result).message()).isEqualTo("Build terminated with state: FAILED. Phase: BUILD, "
        + "Code: COMMAND_EXECUTION_ERROR, Message: Error while executing command: exit_code=4; (exit $exit_code). "
        + "Reason: exit status 4");
    assertThat(builds.fixture.log(job)).contains("post_build sees 0").doesNotContain("not reached");
  }

  @Test
  @DisplayName("given install fails (no on-failure), then pre_build, build and post_build are skipped and the summary "
      + "says so")
  void installFailureSkipsEverything() throws Exception {
    ActionJob job = buildspecJob("""
        version: 0.2
        phases:
          install:
            commands:
              - "false"
          pre_build:
            commands: [echo pre_build ran]
          build:
            commands: [echo build ran]
          post_build:
            commands: [echo post_build ran]
        """);

    ActionResult result = builds.run(job);

    assertThat(((ActionResult.Failed) result).message()).isEqualTo("Build terminated with state: FAILED. Phase: "
        + "INSTALL, Code: COMMAND_EXECUTION_ERROR, Message: Error while executing command: false. Reason: exit status 1"
        + "; skipped phases: PRE_BUILD, BUILD, POST_BUILD");
    assertThat(builds.fixture.log(job)).doesNotContain("pre_build ran", "build ran");
  }

  @Test
  @DisplayName("given the build phase fails with on-failure ABORT, then post_build is skipped")
  void abortSkipsPostBuild() throws Exception {
    ActionJob job = buildspecJob("""
        version: 0.2
        phases:
          build:
            on-failure: ABORT
            commands: ["false"]
          post_build:
            commands: [echo post_build ran]
        """);

    ActionResult result = builds.run(job);

    assertThat(((ActionResult.Failed) result).message()).endsWith("; skipped phases: POST_BUILD");
    assertThat(builds.fixture.log(job)).doesNotContain("post_build ran");
  }

  @Test
  @DisplayName("given every command succeeds but a finally command fails, then the phase and the build fail")
  void failingFinallyFailsThePhase() throws Exception {
    ActionResult result = builds.runBuildspec("""
        version: 0.2
        phases:
          build:
            commands: [echo ok]
            finally:
              - "test -f missing-file"
              - echo second finally
        """, null);

    assertThat(((ActionResult.Failed) result).message()).contains("Phase: BUILD",
        "Error while executing command: test -f missing-file. Reason: exit status 1");
  }

  @Test
  @DisplayName("given commands in one phase and the next, then directory changes and variables carry over (one shell)")
  void oneShellForAllCommands() throws Exception {
    ActionResult result = builds.runBuildspec("""
        version: 0.2
        env:
          exported-variables: [WHERE, COUNT]
        phases:
          pre_build:
            commands:
              - mkdir -p deep/dir && cd deep/dir
              - COUNT=1
          build:
            commands:
              - set -e
              - "false || true"
              - COUNT=$((COUNT + 1)); WHERE="$(basename "$PWD")"
        """, null);

    assertThat(((ActionResult.Succeeded) result).outputVariables()).containsOnly(Map.entry("WHERE", "dir"),
        Map.entry("COUNT", "2"));
  }

  @Test
  @DisplayName("given a command that fails under the buildspec's own set -e, then the failure is reported, not lost")
  void setEInsideTheBuildspec() throws Exception {
    ActionJob job = buildspecJob("""
        version: 0.2
        phases:
          build:
            commands:
              - set -e
              - "false"
          post_build:
            commands: [echo post_build still ran]
        """);

    ActionResult result = builds.run(job);

    assertThat(((ActionResult.Failed) result).message()).contains("Phase: BUILD",
        "Error while executing command: false. Reason: exit status 1");
    assertThat(builds.fixture.log(job)).contains("post_build still ran");
  }

  @Test
  @DisplayName("given a command that runs exit, then the build fails in that phase instead of passing silently")
  void exitEndsTheBuild() throws Exception {
    ActionResult result = builds.runBuildspec("""
        version: 0.2
        phases:
          build:
            commands: ["exit 0"]
          post_build:
            commands: [echo never]
        """, null);

    assertThat(((ActionResult.Failed) result).message()).isEqualTo("Build terminated with state: FAILED. Phase: BUILD, "
        + "Code: COMMAND_EXECUTION_ERROR, Message: The shell exited with exit status 0 before the build finished "
        + "(a command ran exit)");
  }

  @Test
  @DisplayName("given a build longer than the action's timeout, then it is killed with everything it started and "
      + "fails as TIMED_OUT")
  void timeout() throws Exception {
    ActionJob job = buildspecJob("version: 0.2\nphases:\n  build:\n    commands:\n"
        + "      - sleep 30.201 &\n      - sleep 30.202\n", Duration.ofMillis(700));
    long started = System.nanoTime();

    ActionResult result = builds.run(job);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(((ActionResult.Failed) result).message()).isEqualTo("Build terminated with state: TIMED_OUT. "
        + "Phase: BUILD, Code: BUILD_TIMED_OUT, Message: Build has timed out after 0.7 s");
    HostProcesses.assertNoneRunning("sleep 30.201");
    HostProcesses.assertNoneRunning("sleep 30.202");
  }

  @Test
  @DisplayName("given a running build, then its output is in the action log before the build ends")
  void logIsStreamedWhileTheBuildRuns() throws Exception {
    // the build sees only its workspace: it names the file that releases it there
    ActionJob job = buildspecJob("version: 0.2\nphases:\n  build:\n    commands:\n"
        + "      - echo \"waiting for release=$PWD/release\"\n"
        + "      - while [ ! -f release ]; do sleep 0.05; done\n      - echo released\n");
    CompletableFuture<ActionResult> running = CompletableFuture.supplyAsync(() -> {
      try {
        return builds.run(job);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    Pattern waiting = Pattern.compile("(?m)^waiting for release=(/\\S+)$");
    while (!waiting.matcher(builds.fixture.log(job)).find() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(running).isNotDone();
    assertThat(builds.fixture.log(job)).contains("[Container] Entering phase BUILD", "waiting for release")
        .doesNotContain("released");
    Matcher release = waiting.matcher(builds.fixture.log(job));
    assertThat(release.find()).isTrue();
    Files.writeString(Path.of(release.group(1)), "go");

    assertThat(running.get(20, TimeUnit.SECONDS)).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(builds.fixture.log(job)).contains("released");
  }

  @Test
  @DisplayName("given a build phase that hits the sandbox's process limit, then the build fails in that phase naming the limit")
  void sandboxLimitNamedInTheBuildFailure() throws Exception {
    builds.sandbox(SandboxProperties.defaults().withLimits(DataSize.ofGigabytes(4), 16, 4096, DataSize.ofGigabytes(10)));
    ActionJob job = buildspecJob("version: 0.2\nphases:\n  build:\n    commands:\n"
        + "      - python3 -c 'import os, time; [os.fork() or (time.sleep(5), os._exit(0)) for i in range(32)]'\n"
        + "      - echo never\n");

    ActionResult result = builds.run(job);

    assertThat(((ActionResult.Failed) result).message()).startsWith("Build terminated with state: FAILED. Phase: BUILD,"
        + " Code: COMMAND_EXECUTION_ERROR, Message: Error while executing command: python3").endsWith(
        "Reason: exit status 1 (the commands hit the sandbox's limit of 16 processes (flowline.sandbox.processes))");
  }

  private ActionJob buildspecJob(String buildspec) throws Exception {
    return buildspecJob(buildspec, null);
  }

  private ActionJob buildspecJob(String buildspec, Duration timeout) throws Exception {
    InputArtifactRef source = builds.source("Src", Map.of("buildspec.yml", buildspec));
    return LocalBuilds.job("phases", source).timeout(timeout).build();
  }
}

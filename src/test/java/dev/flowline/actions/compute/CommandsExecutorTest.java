package dev.flowline.actions.compute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.sandbox.HostProcesses;
import dev.flowline.actions.sandbox.Sandbox;
import dev.flowline.actions.sandbox.SandboxProperties;
import dev.flowline.pipeline.EnvironmentVariable;
import dev.flowline.pipeline.OutputArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Commands action with real bash, real files and a real local artifact store. */
class CommandsExecutorTest {

  @TempDir Path temp;
  ActionFixture fixture;
  CommandsExecutor executor = new CommandsExecutor(Sandbox.of(SandboxProperties.defaults()));
  InputArtifactRef source;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new ActionFixture(temp);
    source = fixture.artifact("SourceArtifact", Map.of("app.txt", "the app", "docs/readme.md", "docs"));
  }

  @Test
  @DisplayName("given a source artifact, when the commands build dist/, then the output artifact holds the files matching its globs and the variables are returned")
  void successWithOutputArtifactAndVariables() throws Exception {
    ActionJob job = ActionFixture.job(CommandsExecutor.TYPE.id())
        .inputs(source)
        .commands("mkdir -p dist", "cp app.txt dist/app.txt", "export VERSION=1.2.3", "BUILD_NOTE='set, not exported'")
        .outputVariables("VERSION", "BUILD_NOTE")
        .outputs(new OutputArtifact("BuildOutput", List.of("dist/**")))
        .build();

    ActionResult result = fixture.run(executor, job);

    assertThat(result).isInstanceOfSatisfying(ActionResult.Succeeded.class, ok -> {
      assertThat(ok.outputVariables()).containsExactlyInAnyOrderEntriesOf(
          Map.of("VERSION", "1.2.3", "BUILD_NOTE", "set, not exported"));
      assertThat(ok.summary()).matches("Ran 4 commands in \\d+\\.\\d s");
      assertThat(ok.externalExecutionUrl()).isEqualTo("/flowline/logs/" + job.actionExecutionId());
      assertThat(ok.outputArtifacts()).containsOnlyKeys("BuildOutput");
    });
    Path out = fixture.unzip(((ActionResult.Succeeded) result).outputArtifacts().get("BuildOutput"));
    assertThat(files(out)).containsExactly("dist/app.txt");
    assertThat(out.resolve("dist/app.txt")).hasContent("the app");
    assertThat(fixture.log(job)).contains("[Flowline] Running command cp app.txt dist/app.txt");
  }

  @Test
  @DisplayName("given a failing command, then the job fails with its exit code and the last 20 lines of output, and later commands do not run")
  void failingCommandReportsExitCodeAndTail() throws Exception {
    ActionJob job = ActionFixture.job(CommandsExecutor.TYPE.id())
        .inputs(source)
        .commands("echo first", "for i in $(seq 1 30); do echo line $i; done", "exit 3", "echo never")
        .build();

    ActionResult result = fixture.run(executor, job);

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("JobFailed");
      assertThat(failed.message()).startsWith("Command failed with exit code 3: ");
      assertThat(failed.message()).contains("line 30", "line 12", "Running command exit 3");
      assertThat(failed.message()).doesNotContain("line 11\n", "first");
      assertThat(failed.message().lines()).hasSize(20);
    });
    assertThat(fixture.log(job)).contains("line 1\n", "line 30").doesNotContain("never");
  }

  @Test
  @DisplayName("a failure that set -e would let pass ('false && true') still stops the commands")
  void failureInsideAndListStops() throws Exception {
    ActionJob job = ActionFixture.job(CommandsExecutor.TYPE.id())
        .inputs(source)
        .commands("false && true", "echo after")
        .build();

    ActionResult result = fixture.run(executor, job);

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class,
        failed -> assertThat(failed.message()).startsWith("Command failed with exit code 1"));
    assertThat(fixture.log(job)).doesNotContain("Running command echo after");
  }

  @Test
  @DisplayName("given commands running longer than the timeout, then every process they started is killed and the job fails")
  void timeoutKillsTheProcessTree() throws Exception {
    ActionJob job = ActionFixture.job(CommandsExecutor.TYPE.id())
        .inputs(source)
        .commands("sleep 60.101 & echo background=$!", "bash -c 'sleep 60.102' & echo nested=$!", "sleep 60.103")
        .timeout(Duration.ofSeconds(1))
        .build();

    long started = System.nanoTime();
    ActionResult result = fixture.run(executor, job);

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("JobFailed");
      assertThat(failed.message()).startsWith("Commands timed out after 1.0 s");
    });
    HostProcesses.assertNoneRunning("sleep 60.101");
    HostProcesses.assertNoneRunning("sleep 60.102");
    HostProcesses.assertNoneRunning("sleep 60.103");
  }

  @Test
  @DisplayName("when the worker thread is interrupted (shutdown), the commands' processes are killed too")
  void interruptKillsTheProcessTree() throws Exception {
    ActionJob job = ActionFixture.job(CommandsExecutor.TYPE.id())
        .inputs(source)
        .commands("sleep 60.111 & echo background=$!", "sleep 60.112")
        .build();
    java.util.concurrent.atomic.AtomicReference<Throwable> thrown = new java.util.concurrent.atomic.AtomicReference<>();
    Thread worker = new Thread(() -> {
      try {
        fixture.run(executor, job);
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    worker.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!fixture.log(job).contains("background=") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    worker.interrupt();
    worker.join(10_000);

    assertThat(worker.isAlive()).isFalse();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    HostProcesses.assertNoneRunning("sleep 60.111");
    HostProcesses.assertNoneRunning("sleep 60.112");
  }

  @Test
  @DisplayName("a process left running in the background neither keeps the action waiting nor outlives it")
  void backgroundProcessDoesNotOutliveTheAction() throws Exception {
    ActionJob job = ActionFixture.job(CommandsExecutor.TYPE.id())
        .inputs(source)
        .commands("sleep 60.121 & echo background=$!", "echo done")
        .build();

    long started = System.nanoTime();
    ActionResult result = fixture.run(executor, job);

    assertThat(result).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    HostProcesses.assertNoneRunning("sleep 60.121");
  }

  @Test
  @DisplayName("commands see CODEBUILD_SRC_DIR as working directory, every input at CODEBUILD_SRC_DIR_<name>, PLAINTEXT variables, PATH and HOME")
  void environmentOfTheCommands() throws Exception {
    InputArtifactRef extra = fixture.artifact("Extra", Map.of("extra.txt", "second input"));
    ActionJob job = ActionFixture.job(CommandsExecutor.TYPE.id())
        .inputs(source, extra)
        .commands("[ \"$PWD\" = \"$CODEBUILD_SRC_DIR\" ]",
            "[ \"$CODEBUILD_SRC_DIR_SourceArtifact\" = \"$CODEBUILD_SRC_DIR\" ]",
            "PRIMARY=$(cat app.txt)",
            "SECOND=$(cat \"$CODEBUILD_SRC_DIR_Extra/extra.txt\")",
            "GREETING=$GREETING_IN; HAS_HOME=${HOME:+yes}; HAS_BUILD_ID=${CODEBUILD_BUILD_ID:+yes}",
            "REVISION=$CODEBUILD_RESOLVED_SOURCE_VERSION; command -v env >/dev/null")
        .environment(new EnvironmentVariable("GREETING_IN", "hello world", "PLAINTEXT"))
        .outputVariables("PRIMARY", "SECOND", "GREETING", "HAS_HOME", "HAS_BUILD_ID", "REVISION")
        .build();

    ActionResult result = fixture.run(executor, job);

    assertThat(result).isInstanceOfSatisfying(ActionResult.Succeeded.class, ok ->
        assertThat(ok.outputVariables()).containsExactlyInAnyOrderEntriesOf(Map.of(
            "PRIMARY", "the app", "SECOND", "second input", "GREETING", "hello world",
            "HAS_HOME", "yes", "HAS_BUILD_ID", "yes", "REVISION", "rev-SourceArtifact")));
  }

  @Test
  @DisplayName("the server's own environment (credentials and the like) does not reach the commands")
  void serverEnvironmentIsNotInherited() throws Exception {
    Set<String> passedOn = Set.of("PATH", "HOME", "LANG", "USER");
    String serverOnly = System.getenv().keySet().stream()
        .filter(name -> name.matches("[A-Za-z_][A-Za-z0-9_]*") && !passedOn.contains(name))
        .findFirst().orElseThrow();
    ActionJob job = ActionFixture.job(CommandsExecutor.TYPE.id())
        .inputs(source)
        .commands("SEEN=${" + serverOnly + "-absent}")
        .outputVariables("SEEN")
        .build();

    ActionResult result = fixture.run(executor, job);

    assertThat(result).isInstanceOfSatisfying(ActionResult.Succeeded.class,
        ok -> assertThat(ok.outputVariables()).containsEntry("SEEN", "absent"));
  }

  @Test
  @DisplayName("a SECRETS_MANAGER variable fails the job as ConfigurationError without showing its value, and nothing runs")
  void secretsManagerVariablesAreRefused() throws Exception {
    ActionJob job = ActionFixture.job(CommandsExecutor.TYPE.id())
        .inputs(source)
        .commands("echo should-not-run")
        .environment(new EnvironmentVariable("TOKEN", "arn:aws:secretsmanager:us-east-1:1:secret:very-secret", "SECRETS_MANAGER"))
        .build();

    ActionResult result = fixture.run(executor, job);

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("ConfigurationError");
      assertThat(failed.message()).contains("TOKEN", "SECRETS_MANAGER", "not supported yet").doesNotContain("very-secret");
    });
    assertThat(fixture.log(job)).doesNotContain("should-not-run", "very-secret");
  }

  @Test
  @DisplayName("an output variable name that is not a shell name is a ConfigurationError")
  void invalidOutputVariableName() throws Exception {
    ActionJob job = ActionFixture.job(CommandsExecutor.TYPE.id())
        .inputs(source).commands("true").outputVariables("NOT-VALID").build();

    assertThat(fixture.run(executor, job)).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("ConfigurationError");
      assertThat(failed.message()).contains("NOT-VALID");
    });
  }

  @Test
  @DisplayName("when no file matches the output artifact's globs, the job fails naming the artifact")
  void noMatchingOutputFiles() throws Exception {
    ActionJob job = ActionFixture.job(CommandsExecutor.TYPE.id())
        .inputs(source).commands("true")
        .outputs(new OutputArtifact("BuildOutput", List.of("target/*.jar")))
        .build();

    assertThat(fixture.run(executor, job)).isInstanceOfSatisfying(ActionResult.Failed.class,
        failed -> assertThat(failed.message()).contains("BuildOutput", "target/*.jar"));
  }

  @Test
  @DisplayName("the workspace is deleted once the context is closed")
  void workspaceIsDeleted() throws Exception {
    ActionJob job = ActionFixture.job(CommandsExecutor.TYPE.id()).inputs(source).commands("touch left-behind").build();

    assertThat(fixture.run(executor, job)).isInstanceOf(ActionResult.Succeeded.class);
    try (Stream<Path> work = Files.list(fixture.dataDir.resolve("work"))) {
      assertThat(work).isEmpty();
    }
  }

  private static List<String> files(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }
}

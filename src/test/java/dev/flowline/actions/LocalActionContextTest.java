package dev.flowline.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.pipeline.ActionTypeId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalActionContextTest {

  @TempDir Path temp;
  ActionFixture fixture;
  ActionJob job;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new ActionFixture(temp);
    job = ActionFixture.job(ActionTypeId.of("Compute", "AWS", "Commands", "1")).build();
  }

  @Test
  @DisplayName("the workspace is <dataDir>/work/<actionExecutionId>-1, the same for every call, deleted on close")
  void workspaceLifecycle() throws Exception {
    Path workspace;
    try (LocalActionContext context = fixture.contexts.open(job)) {
      workspace = context.workspace();
      assertThat(context.workspace()).isEqualTo(workspace);
      Files.writeString(workspace.resolve("file.txt"), "x");
      Path readOnly = Files.createDirectories(workspace.resolve("locked/inner"));
      Files.writeString(readOnly.resolve("f"), "y");
      Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
    }

    assertThat(workspace).isEqualTo(fixture.dataDir.toAbsolutePath().resolve("work/" + job.actionExecutionId() + "-1"));
    assertThat(workspace).doesNotExist();
  }

  @Test
  @DisplayName("a workspace left behind by a crashed call is not reused: the next call gets <id>-2")
  void leftoverWorkspaceIsNotReused() throws Exception {
    Path leftover = Files.createDirectories(fixture.dataDir.resolve("work/" + job.actionExecutionId() + "-1"));
    Files.writeString(leftover.resolve("half-done"), "x");

    try (LocalActionContext context = fixture.contexts.open(job)) {
      assertThat(context.workspace().getFileName().toString()).isEqualTo(job.actionExecutionId() + "-2");
      assertThat(context.workspace()).isEmptyDirectory();
    }
  }

  @Test
  @DisplayName("the log is appended to <dataDir>/logs/<id>.log, readable while the action runs, across calls")
  void logStreamsToItsFile() throws Exception {
    Path logFile = fixture.dataDir.toAbsolutePath().resolve("logs/" + job.actionExecutionId() + ".log");
    try (LocalActionContext context = fixture.contexts.open(job)) {
      context.log().println("first call");
      assertThat(logFile).hasContent("first call");
      assertThat(context.logUrl()).isEqualTo("/flowline/logs/" + job.actionExecutionId());
    }
    try (LocalActionContext context = fixture.contexts.open(job)) {
      context.log().println("second call");
    }

    assertThat(Files.readString(logFile)).isEqualTo("first call\nsecond call\n");
  }

  @Test
  @DisplayName("unpack() extracts a stored artifact into the given directory")
  void unpackExtractsTheArtifact() throws Exception {
    InputArtifactRef artifact = fixture.artifact("Src", Map.of("a/b.txt", "content"));

    try (LocalActionContext context = fixture.contexts.open(job)) {
      Path target = context.workspace().resolve("unpacked");
      context.unpack(artifact, target);
      assertThat(target.resolve("a/b.txt")).hasContent("content");
    }
  }

  @Test
  @DisplayName("an action execution id that is not a UUID is refused, so it can never name a path")
  void idMustBeAUuid() {
    ActionJob bad = new ActionJob("../../etc", "P", "e", "S", "A", job.actionTypeId(), Map.of(), null, null, null,
        java.util.List.of(), java.util.List.of(), null, null, null);

    assertThatThrownBy(() -> fixture.contexts.open(bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Not an action execution id");
  }
}

package dev.flowline.engine;

import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ArtifactStore;
import dev.flowline.pipeline.InputArtifact;
import dev.flowline.pipeline.OutputArtifact;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineDocument;
import dev.flowline.pipeline.PipelineVariableDeclaration;
import dev.flowline.pipeline.StageDeclaration;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small pipelines for engine scenarios: an S3 source stage followed by stages of Commands actions. A
 * "gated" action blocks until the test creates its release file, so a test controls when it finishes.
 */
final class TestPipelines {
  static final ActionTypeId S3_SOURCE = ActionTypeId.of("Source", "AWS", "S3", "1");
  static final ActionTypeId COMMANDS = ActionTypeId.of("Compute", "AWS", "Commands", "1");
  static final ActionTypeId MANUAL = ActionTypeId.of("Approval", "AWS", "Manual", "1");

  private final String name;
  private final List<StageDeclaration> stages = new ArrayList<>();
  private String mode;
  private List<PipelineVariableDeclaration> variables;

  private TestPipelines(String name) {
    this.name = name;
  }

  /** A pipeline whose Source stage reads a one-file zip from its own bucket (created here). */
  static TestPipelines named(String name) throws IOException {
    Path app = Files.createTempDirectory("app");
    Files.writeString(app.resolve("README.txt"), "source of " + name);
    PipelineFixtures.putSourceZip(app, "src-" + name, "app.zip");
    TestPipelines pipeline = new TestPipelines(name);
    pipeline.stages.add(new StageDeclaration("Source", null, List.of(new ActionDeclaration("Source", S3_SOURCE, null,
        Map.of("S3Bucket", "src-" + name, "S3ObjectKey", "app.zip"), null, List.of(new OutputArtifact("Src")),
        null, null, null, null, "SourceVariables", null, null)), null, null, null));
    return pipeline;
  }

  TestPipelines mode(String executionMode) {
    this.mode = executionMode;
    return this;
  }

  TestPipelines variable(String variableName, String defaultValue) {
    variables = new ArrayList<>(variables == null ? List.of() : variables);
    variables.add(new PipelineVariableDeclaration(variableName, defaultValue, null));
    return this;
  }

  /** A stage of Commands actions, each given as name=command, all in runOrder 1. */
  TestPipelines stage(String stageName, String... actions) {
    List<ActionDeclaration> declared = new ArrayList<>();
    for (String action : actions) {
      String[] parts = action.split("=", 2);
      declared.add(commands(parts[0], 1, parts[1]));
    }
    stages.add(new StageDeclaration(stageName, null, declared, null, null, null));
    return this;
  }

  TestPipelines stage(String stageName, dev.flowline.pipeline.FailureConditions onFailure, String... actions) {
    stage(stageName, actions);
    StageDeclaration last = stages.remove(stages.size() - 1);
    stages.add(new StageDeclaration(last.name(), null, last.actions(), onFailure, null, null));
    return this;
  }

  /** Replaces the source object (a new revision for the next execution). */
  static void newSourceRevision(String name, String content) throws IOException {
    Path app = Files.createTempDirectory("app");
    Files.writeString(app.resolve("README.txt"), content);
    PipelineFixtures.putSourceZip(app, "src-" + name, "app.zip");
  }

  TestPipelines stage(String stageName, List<ActionDeclaration> actions) {
    stages.add(new StageDeclaration(stageName, null, actions, null, null, null));
    return this;
  }

  static ActionDeclaration commands(String actionName, int runOrder, String... commands) {
    return new ActionDeclaration(actionName, COMMANDS, runOrder, null, List.of(commands), null,
        List.of(new InputArtifact("Src")), null, null, null, null, null, null);
  }

  static ActionDeclaration approval(String actionName) {
    return new ActionDeclaration(actionName, MANUAL, null, Map.of("CustomData", "Please approve"), null, null, null,
        null, null, null, null, null, null);
  }

  /**
   * A command that blocks until {@link #release} is called with the same key, then exits 0. It gives up
   * (exit 1) after two minutes, so a test that fails before releasing cannot hold a worker forever.
   */
  static String gated(String key) {
    Path file = releaseFile(key);
    return "(for i in $(seq 2400); do [ -f '" + file + "' ] && exit 0; sleep 0.05; done; exit 1)";
  }

  static void release(String key) throws IOException {
    Path file = releaseFile(key);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "go");
  }

  private static Path releaseFile(String key) {
    return PipelineFixtures.DATA_DIR.toAbsolutePath().resolve("gates").resolve(key);
  }

  PipelineDocument document() {
    return new PipelineDocument(declaration(), null);
  }

  PipelineDeclaration declaration() {
    return new PipelineDeclaration(name, "arn:aws:iam::123456789012:role/test", new ArtifactStore("S3",
        "flowline-artifacts", null), null, stages, null, mode, "V2", variables, null);
  }
}

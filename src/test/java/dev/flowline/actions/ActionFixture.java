package dev.flowline.actions;

import dev.flowline.artifacts.ArtifactLocation;
import dev.flowline.artifacts.ArtifactStore;
import dev.flowline.artifacts.ArtifactLimits;
import dev.flowline.artifacts.LocalDirectoryArtifactStore;
import dev.flowline.artifacts.Zips;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.EnvironmentVariable;
import dev.flowline.pipeline.OutputArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs executors the way the worker does: a real {@link LocalActionContext} over a data directory, a local
 * artifact store, and output zips kept (copied out of the workspace) before the context is closed.
 */
public final class ActionFixture {

  public static final String ARTIFACT_BUCKET = "codepipeline-us-east-1-flowline";
  public final Path dataDir;
  public final ArtifactStore artifactStore;
  public final LocalActionContextFactory contexts;
  private final Path kept;

  public ActionFixture(Path root) throws IOException {
    this(root, ArtifactLimits.defaults());
  }

  /** A fixture whose actions unpack their input artifacts within {@code limits}. */
  public ActionFixture(Path root, ArtifactLimits limits) throws IOException {
    this.dataDir = root.resolve("data");
    this.kept = Files.createDirectories(root.resolve("kept"));
    this.artifactStore = new LocalDirectoryArtifactStore(dataDir.resolve("artifacts"));
    this.contexts = new LocalActionContextFactory(dataDir, artifactStore, limits, Clock.systemUTC());
  }

  /** Stores the zip file as it is (built by the test, however odd) as an input artifact. */
  public InputArtifactRef artifact(String name, Path zip) throws IOException {
    ArtifactLocation location = artifactStore.put(ARTIFACT_BUCKET, "MyPipeline", name, zip);
    return new InputArtifactRef(name, location, "rev-" + name);
  }

  /** Stores the given files (relative path -> content) as an input artifact. */
  public InputArtifactRef artifact(String name, Map<String, String> files) throws IOException {
    Path dir = Files.createTempDirectory(kept, "in-");
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = dir.resolve(file.getKey());
      Files.createDirectories(path.getParent());
      Files.writeString(path, file.getValue());
    }
    Path zip = kept.resolve(UUID.randomUUID() + ".zip");
    Zips.zip(dir, zip);
    ArtifactLocation location = artifactStore.put(ARTIFACT_BUCKET, "MyPipeline", name, zip);
    return new InputArtifactRef(name, location, "rev-" + name);
  }

  public ActionResult run(ActionExecutor executor, ActionJob job) throws Exception {
    try (LocalActionContext context = contexts.open(job)) {
      ActionResult result = executor.execute(job, context);
      if (result instanceof ActionResult.Succeeded s && !s.outputArtifacts().isEmpty()) {
        Map<String, Path> copies = new LinkedHashMap<>();
        for (Map.Entry<String, Path> out : s.outputArtifacts().entrySet()) {
          Path copy = kept.resolve(UUID.randomUUID() + ".zip");
          Files.copy(out.getValue(), copy);
          copies.put(out.getKey(), copy);
        }
        return new ActionResult.Succeeded(copies, s.outputVariables(), s.summary(), s.externalExecutionId(),
            s.externalExecutionUrl(), s.revision());
      }
      return result;
    }
  }

  /** The files of a zip, unpacked into a fresh directory. */
  public Path unzip(Path zip) throws IOException {
    Path dir = Files.createTempDirectory(kept, "out-");
    Zips.unzip(zip, dir);
    return dir;
  }

  public String log(ActionJob job) throws IOException {
    Path file = new ActionLogs(dataDir).file(job.actionExecutionId());
    return Files.exists(file) ? Files.readString(file) : "";
  }

  public static JobBuilder job(ActionTypeId type) {
    return new JobBuilder(type);
  }

  /** An {@link ActionJob} with sensible defaults. */
  public static final class JobBuilder {
    private final ActionTypeId type;
    private final String id = UUID.randomUUID().toString();
    private Map<String, String> configuration = Map.of();
    private List<String> commands = List.of();
    private List<EnvironmentVariable> environment = List.of();
    private List<String> outputVariables = List.of();
    private List<InputArtifactRef> inputs = List.of();
    private List<OutputArtifact> outputs = List.of();
    private Duration timeout;
    private String region = "us-east-1";

    JobBuilder(ActionTypeId type) {
      this.type = type;
    }

    public JobBuilder configuration(Map<String, String> configuration) {
      this.configuration = configuration;
      return this;
    }

    public JobBuilder commands(String... commands) {
      this.commands = List.of(commands);
      return this;
    }

    public JobBuilder environment(EnvironmentVariable... environment) {
      this.environment = List.of(environment);
      return this;
    }

    public JobBuilder outputVariables(String... names) {
      this.outputVariables = List.of(names);
      return this;
    }

    public JobBuilder inputs(InputArtifactRef... inputs) {
      this.inputs = List.of(inputs);
      return this;
    }

    public JobBuilder outputs(OutputArtifact... outputs) {
      this.outputs = List.of(outputs);
      return this;
    }

    public JobBuilder region(String region) {
      this.region = region;
      return this;
    }

    public JobBuilder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    public ActionJob build() {
      return new ActionJob(id, "MyPipeline", UUID.randomUUID().toString(), "Stage", "Action", type, configuration,
          commands, environment, outputVariables, inputs, outputs, region, null, timeout);
    }
  }
}

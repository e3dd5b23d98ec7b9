package dev.flowline.actions;

import dev.flowline.artifacts.ArtifactLimits;
import dev.flowline.artifacts.ArtifactRefusedException;
import dev.flowline.artifacts.ArtifactStore;
import dev.flowline.artifacts.Zips;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The context the in-process worker lends an executor for one call: a workspace
 * {@code <dataDir>/work/<actionExecutionId>-<n>} (n = the first free number, so a call after a crash never
 * reuses a half-filled directory), artifacts from the {@link ArtifactStore}, and a log appended to
 * {@code <dataDir>/logs/<actionExecutionId>.log} that is flushed line by line, so it can be tailed while the
 * action runs. {@link #close()} closes the log and deletes the workspace: call it after the output
 * artifacts the executor returned have been stored. Obtain one from {@link LocalActionContextFactory}.
 */
public final class LocalActionContext implements ActionContext, AutoCloseable {

  private final String actionExecutionId;
  private final Path workRoot;
  private final Path logFile;
  private final ArtifactStore artifactStore;
  private final ArtifactLimits limits;
  private final Clock clock;
  private Path workspace;
  private PrintStream log;

  LocalActionContext(String actionExecutionId, Path workRoot, Path logFile, ArtifactStore artifactStore,
      ArtifactLimits limits, Clock clock) {
    this.actionExecutionId = actionExecutionId;
    this.workRoot = workRoot;
    this.logFile = logFile;
    this.artifactStore = artifactStore;
    this.limits = limits;
    this.clock = clock;
  }

  /** The same directory for every call within this context; created on first use. */
  @Override
  public synchronized Path workspace() throws IOException {
    if (workspace == null) {
      Files.createDirectories(workRoot);
      for (int n = 1; workspace == null; n++) {
        try {
          workspace = Files.createDirectory(workRoot.resolve(actionExecutionId + "-" + n));
        } catch (FileAlreadyExistsException taken) {
          // left by an earlier call of the same action execution: try the next number
        }
      }
    }
    return workspace;
  }

  /** Unzips within the configured {@link ArtifactLimits}; a refusal names the artifact. */
  @Override
  public void unpack(InputArtifactRef artifact, Path directory) throws IOException {
    try (InputStream zip = artifactStore.open(artifact.location())) {
      Zips.unzip(zip, directory, limits);
    } catch (ArtifactRefusedException e) {
      throw new ArtifactRefusedException("Input artifact '" + artifact.name() + "': " + e.getMessage(), e);
    }
  }

  @Override
  public ArtifactStore artifactStore() {
    return artifactStore;
  }

  @Override
  public synchronized PrintStream log() {
    if (log == null) {
      try {
        Files.createDirectories(logFile.getParent());
        log = new PrintStream(new FileOutputStream(logFile.toFile(), true), true, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot open the action log " + logFile, e);
      }
    }
    return log;
  }

  @Override
  public String logUrl() {
    return ActionLogs.url(actionExecutionId);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public synchronized void close() throws IOException {
    if (log != null) {
      log.close();
      log = null;
    }
    if (workspace != null) {
      deleteRecursively(workspace);
      workspace = null;
    }
  }

  /** Commands may leave read-only directories behind; make each writable before emptying it. */
  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isDirectory).forEach(dir -> dir.toFile().setWritable(true, true));
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}

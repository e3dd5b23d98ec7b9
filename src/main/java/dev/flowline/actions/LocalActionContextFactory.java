package dev.flowline.actions;

import dev.flowline.artifacts.ArtifactLimits;
import dev.flowline.artifacts.ArtifactStore;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Makes the {@link LocalActionContext} for each call of an executor. The worker uses it as
 * <pre>{@code
 * try (LocalActionContext context = contexts.open(job)) {
 *   ActionResult result = executor.execute(job, context);
 *   // store result's output artifacts here, before the workspace is deleted
 * }
 * }</pre>
 */
public final class LocalActionContextFactory {

  private final Path dataDir;
  private final ActionLogs logs;
  private final ArtifactStore artifactStore;
  private final ArtifactLimits limits;
  private final Clock clock;

  /** @param limits how far an input artifact may inflate when an executor unpacks it */
  public LocalActionContextFactory(Path dataDir, ArtifactStore artifactStore, ArtifactLimits limits, Clock clock) {
    this.dataDir = dataDir.toAbsolutePath().normalize();
    this.logs = new ActionLogs(this.dataDir);
    this.artifactStore = artifactStore;
    this.limits = limits;
    this.clock = clock;
  }

  /** A context for one call; throws IllegalArgumentException if the job's actionExecutionId is not a UUID. */
  public LocalActionContext open(ActionJob job) {
    String id = job.actionExecutionId();
    return new LocalActionContext(id, dataDir.resolve("work"), logs.file(id), artifactStore, limits, clock);
  }
}

package dev.flowline.actions;

import dev.flowline.artifacts.ArtifactStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/** What the worker lends an executor for one call. */
public interface ActionContext {

  /** A fresh empty directory for this call; deleted after the call returns. */
  Path workspace() throws IOException;

  /** Unpacks an input artifact into {@code directory} (created if missing). */
  void unpack(InputArtifactRef artifact, Path directory) throws IOException;

  /** The store where this pipeline's artifacts live. */
  ArtifactStore artifactStore();

  /** The action's log; what is written here is streamed to the file the action execution points to. */
  PrintStream log();

  /** Where {@link #log()} ends up, as a URL a person can open (the action's externalExecutionUrl). */
  String logUrl();

  Clock clock();
}

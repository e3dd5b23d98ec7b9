package dev.flowline.execution;

import java.util.List;
import java.util.Optional;

/** Reads pipelines as stored. */
public interface PipelineQueries {

  /** The given version, or the latest when {@code version} is null. */
  Optional<StoredPipeline> find(String name, Integer version);

  /** All pipelines (latest versions), sorted by name. */
  List<PipelineSummary> list();
}

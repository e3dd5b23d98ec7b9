package dev.flowline.engine;

import dev.flowline.execution.StoredPipeline;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineDocument;

/**
 * Creates, updates and deletes pipelines: validates the declaration, stores the version, compiles and
 * deploys it to Camunda, all in one transaction. Throws {@link dev.flowline.pipeline.CodePipelineException}
 * (or a validation exception) and changes nothing when the input is refused.
 */
public interface PipelineService {

  /** Creates version 1, deploys it and starts the first execution (trigger CreatePipeline), as AWS does. */
  StoredPipeline create(PipelineDocument document);

  /** Stores version n+1 and deploys it; running executions finish on the version they started on. */
  StoredPipeline update(PipelineDeclaration declaration);

  /** Deletes the pipeline and stops its executions; a pipeline that does not exist is not an error. */
  void delete(String name);
}

package dev.flowline.api;

import dev.flowline.execution.PipelineQueries;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.pipeline.CodePipelineException;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Pipeline look-ups the handlers share: existence checks with AWS's not-found errors, and ARNs. */
@Component
class Pipelines {

  private final PipelineQueries queries;
  private final ApiProperties properties;

  Pipelines(PipelineQueries queries, ApiProperties properties) {
    this.queries = queries;
    this.properties = properties;
  }

  /** The latest version, or PipelineNotFoundException. */
  StoredPipeline require(String name) {
    return queries.find(name, null)
        .orElseThrow(() -> CodePipelineException.pipelineNotFound(properties.accountId(), name));
  }

  Optional<StoredPipeline> find(String name, Integer version) {
    return queries.find(name, version);
  }

  String arn(String name) {
    return properties.pipelineArn(name);
  }

  /** The ARN the engine stored with the pipeline (the key of its tags). */
  String arnOf(StoredPipeline pipeline) {
    return pipeline.pipelineArn() != null ? pipeline.pipelineArn() : arn(pipeline.name());
  }

  /**
   * The pipeline a resource ARN names: {@code arn:aws:codepipeline:<region>:<accountId>:<name>} of this
   * Flowline's region and account (InvalidArnException otherwise), and it must exist
   * (ResourceNotFoundException otherwise).
   */
  StoredPipeline requireResource(String resourceArn) {
    String prefix = "arn:aws:codepipeline:" + properties.region() + ":" + properties.accountId() + ":";
    String name = resourceArn.startsWith(prefix) ? resourceArn.substring(prefix.length()) : "";
    if (name.isEmpty() || name.contains(":") || name.contains("/")) {
      throw new CodePipelineException("InvalidArnException", "The specified resource ARN is invalid: '" + resourceArn
          + "' is not the ARN of a pipeline (" + prefix + "<pipelineName>).");
    }
    return queries.find(name, null).orElseThrow(() -> new CodePipelineException("ResourceNotFoundException",
        "The account with id '" + properties.accountId() + "' does not include a pipeline with the name '" + name
            + "'"));
  }
}

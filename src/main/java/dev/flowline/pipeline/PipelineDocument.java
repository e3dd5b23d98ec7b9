package dev.flowline.pipeline;

import java.util.List;

/** What {@code aws codepipeline create-pipeline --cli-input-json} carries: the pipeline and its tags. */
public record PipelineDocument(PipelineDeclaration pipeline, List<Tag> tags) {
  public List<Tag> tagsOrEmpty() {
    return tags == null ? List.of() : tags;
  }
}

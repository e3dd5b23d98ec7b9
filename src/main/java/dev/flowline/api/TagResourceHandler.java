package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.execution.TagStore;
import dev.flowline.pipeline.Tag;
import java.util.List;
import org.springframework.stereotype.Component;

/** TagResource: adds or overwrites tags of an existing pipeline. */
@Component
class TagResourceHandler implements OperationHandler {

  private final Pipelines pipelines;
  private final TagStore tagStore;

  TagResourceHandler(Pipelines pipelines, TagStore tagStore) {
    this.pipelines = pipelines;
    this.tagStore = tagStore;
  }

  @Override
  public String name() {
    return "TagResource";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    StoredPipeline pipeline = pipelines.requireResource(Inputs.text(input, "resourceArn"));
    List<Tag> tags = Inputs.tags(input.get("tags"));
    Inputs.refuseSystemTagKeys(tags.stream().map(Tag::key).toList());
    tagStore.tag(pipelines.arnOf(pipeline), tags);
    return null;
  }
}

package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.execution.TagStore;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** UntagResource: removes tags (by key) from an existing pipeline; absent keys are not an error. */
@Component
class UntagResourceHandler implements OperationHandler {

  private final Pipelines pipelines;
  private final TagStore tagStore;

  UntagResourceHandler(Pipelines pipelines, TagStore tagStore) {
    this.pipelines = pipelines;
    this.tagStore = tagStore;
  }

  @Override
  public String name() {
    return "UntagResource";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    StoredPipeline pipeline = pipelines.requireResource(Inputs.text(input, "resourceArn"));
    List<String> keys = new ArrayList<>();
    input.get("tagKeys").forEach(key -> keys.add(key.asText()));
    Inputs.refuseSystemTagKeys(keys);
    tagStore.untag(pipelines.arnOf(pipeline), keys);
    return null;
  }
}

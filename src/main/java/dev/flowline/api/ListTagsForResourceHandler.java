package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.execution.TagStore;
import dev.flowline.pipeline.Tag;
import java.util.List;
import org.springframework.stereotype.Component;

/** ListTagsForResource: the tags of an existing pipeline; maxResults 1–100, default 100. */
@Component
class ListTagsForResourceHandler implements OperationHandler {

  static final int DEFAULT_MAX_RESULTS = 100;

  private final Pipelines pipelines;
  private final TagStore tagStore;

  ListTagsForResourceHandler(Pipelines pipelines, TagStore tagStore) {
    this.pipelines = pipelines;
    this.tagStore = tagStore;
  }

  record Output(List<Tag> tags, String nextToken) {}

  @Override
  public String name() {
    return "ListTagsForResource";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String resourceArn = Inputs.text(input, "resourceArn");
    String fingerprint = Paging.fingerprint(name(), resourceArn);
    int offset = Paging.offset(Inputs.text(input, "nextToken"), fingerprint);
    int limit = Inputs.integer(input, "maxResults", DEFAULT_MAX_RESULTS);
    StoredPipeline pipeline = pipelines.requireResource(resourceArn);
    Paging.Page<Tag> page = Paging.pageOf(tagStore.tags(pipelines.arnOf(pipeline)), offset, limit, fingerprint);
    return new Output(page.items(), page.nextToken());
  }
}

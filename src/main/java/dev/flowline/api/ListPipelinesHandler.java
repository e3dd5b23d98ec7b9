package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.execution.PipelineQueries;
import dev.flowline.execution.PipelineSummary;
import java.util.List;
import org.springframework.stereotype.Component;

/** ListPipelines: all pipelines by name, maxResults 1–1000 (default 100) per page. */
@Component
class ListPipelinesHandler implements OperationHandler {

  static final int DEFAULT_MAX_RESULTS = 100;

  private final PipelineQueries queries;

  ListPipelinesHandler(PipelineQueries queries) {
    this.queries = queries;
  }

  record Output(List<PipelineSummary> pipelines, String nextToken) {}

  @Override
  public String name() {
    return "ListPipelines";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String fingerprint = Paging.fingerprint(name());
    int offset = Paging.offset(Inputs.text(input, "nextToken"), fingerprint);
    int limit = Inputs.integer(input, "maxResults", DEFAULT_MAX_RESULTS);
    Paging.Page<PipelineSummary> page = Paging.pageOf(queries.list(), offset, limit, fingerprint);
    return new Output(page.items(), page.nextToken());
  }
}

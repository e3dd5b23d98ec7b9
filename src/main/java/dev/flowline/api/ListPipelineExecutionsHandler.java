package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.HistoryCursor;
import dev.flowline.execution.HistoryPage;
import dev.flowline.execution.PipelineExecutionSummary;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * ListPipelineExecutions: newest first, optionally only those that succeeded in a stage
 * ({@code filter.succeededInStage.stageName}); maxResults 1–100, default 100. The nextToken is the position of
 * the page's last execution, so later pages cost what the first does.
 */
@Component
class ListPipelineExecutionsHandler implements OperationHandler {

  static final int DEFAULT_MAX_RESULTS = 100;

  private final Pipelines pipelines;
  private final ExecutionQueries queries;

  ListPipelineExecutionsHandler(Pipelines pipelines, ExecutionQueries queries) {
    this.pipelines = pipelines;
    this.queries = queries;
  }

  record Output(List<PipelineExecutionSummary> pipelineExecutionSummaries, String nextToken) {}

  @Override
  public String name() {
    return "ListPipelineExecutions";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String pipelineName = Inputs.text(input, "pipelineName");
    JsonNode stageNode = input.path("filter").path("succeededInStage").path("stageName");
    String succeededInStage = stageNode.isTextual() ? stageNode.asText() : null;
    String fingerprint = Paging.fingerprint(name(), pipelineName, succeededInStage);
    HistoryCursor cursor = Paging.cursor(Inputs.text(input, "nextToken"), fingerprint);
    int limit = Inputs.integer(input, "maxResults", DEFAULT_MAX_RESULTS);
    HistoryPage<PipelineExecutionSummary> fetched = queries.executionPage(pipelineName, succeededInStage, cursor, limit);
    if (fetched.items().isEmpty()) {
      pipelines.require(pipelineName);
    }
    Paging.Page<PipelineExecutionSummary> page = Paging.page(fetched, fingerprint);
    return new Output(page.items(), page.nextToken());
  }
}

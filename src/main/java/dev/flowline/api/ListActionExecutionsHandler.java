package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.HistoryCursor;
import dev.flowline.execution.HistoryPage;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * ListActionExecutions: newest first, optionally of one execution ({@code filter.pipelineExecutionId}, or
 * {@code filter.latestInPipelineExecution.pipelineExecutionId}); maxResults 1–100, default 100. Pages by
 * position, as ListPipelineExecutions.
 */
@Component
class ListActionExecutionsHandler implements OperationHandler {

  static final int DEFAULT_MAX_RESULTS = 100;

  private final Pipelines pipelines;
  private final ExecutionQueries queries;

  ListActionExecutionsHandler(Pipelines pipelines, ExecutionQueries queries) {
    this.pipelines = pipelines;
    this.queries = queries;
  }

  record Output(List<ActionExecutionDetail> actionExecutionDetails, String nextToken) {}

  @Override
  public String name() {
    return "ListActionExecutions";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String pipelineName = Inputs.text(input, "pipelineName");
    JsonNode filter = input.path("filter");
    JsonNode idNode = filter.has("pipelineExecutionId") ? filter.path("pipelineExecutionId")
        : filter.path("latestInPipelineExecution").path("pipelineExecutionId");
    String executionId = idNode.isTextual() ? idNode.asText() : null;
    String fingerprint = Paging.fingerprint(name(), pipelineName, executionId);
    HistoryCursor cursor = Paging.cursor(Inputs.text(input, "nextToken"), fingerprint);
    int limit = Inputs.integer(input, "maxResults", DEFAULT_MAX_RESULTS);
    if (executionId != null && queries.execution(pipelineName, executionId).isEmpty()) {
      pipelines.require(pipelineName);
      throw Executions.notFound(pipelineName, executionId);
    }
    HistoryPage<ActionExecutionDetail> fetched = queries.actionExecutionPage(pipelineName, executionId, cursor, limit);
    if (fetched.items().isEmpty() && executionId == null) {
      pipelines.require(pipelineName);
    }
    Paging.Page<ActionExecutionDetail> page = Paging.page(fetched, fingerprint);
    return new Output(page.items(), page.nextToken());
  }
}

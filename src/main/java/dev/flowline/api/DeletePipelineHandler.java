package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.PipelineService;
import org.springframework.stereotype.Component;

/** DeletePipeline: deleting a pipeline that does not exist is not an error, as on AWS. */
@Component
class DeletePipelineHandler implements OperationHandler {

  private final PipelineService pipelineService;

  DeletePipelineHandler(PipelineService pipelineService) {
    this.pipelineService = pipelineService;
  }

  @Override
  public String name() {
    return "DeletePipeline";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    pipelineService.delete(Inputs.text(input, "name"));
    return null;
  }
}

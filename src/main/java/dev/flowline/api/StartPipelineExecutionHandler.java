package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.StartRequest;
import dev.flowline.engine.StartRequest.SourceRevisionOverride;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * StartPipelineExecution: variables, clientRequestToken (a repeated token returns the first execution's
 * id) and sourceRevisions pass to the engine; the trigger is StartPipelineExecution by the caller.
 */
@Component
class StartPipelineExecutionHandler implements OperationHandler {

  private final ExecutionService executions;

  StartPipelineExecutionHandler(ExecutionService executions) {
    this.executions = executions;
  }

  @Override
  public String name() {
    return "StartPipelineExecution";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    Map<String, String> variables = new LinkedHashMap<>();
    for (JsonNode variable : input.path("variables")) {
      String name = variable.path("name").asText();
      if (variables.put(name, variable.path("value").asText()) != null) {
        throw ApiException.validation("The variable '" + name + "' is given more than once in 'variables'");
      }
    }
    List<SourceRevisionOverride> overrides = new ArrayList<>();
    for (JsonNode revision : input.path("sourceRevisions")) {
      // connection sources: a pull request's details travel as Flowline-internal revision types, never from a caller
      if (revision.path("revisionType").asText().startsWith("FLOWLINE_")) {
        throw ApiException.validation("1 validation error detected: Value '" + revision.path("revisionType").asText()
            + "' at 'sourceRevisions.member.revisionType' failed to satisfy constraint: Member must satisfy enum "
            + "value set: [COMMIT_ID, IMAGE_DIGEST, S3_OBJECT_VERSION_ID, S3_OBJECT_KEY]");
      }
      overrides.add(new SourceRevisionOverride(revision.path("actionName").asText(),
          revision.path("revisionType").asText(), revision.path("revisionValue").asText()));
    }
    StartRequest request = new StartRequest(variables, Inputs.text(input, "clientRequestToken"), overrides,
        "StartPipelineExecution", context.callerArn());
    return Map.of("pipelineExecutionId", executions.start(Inputs.text(input, "name"), request));
  }
}

package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.actions.custom.CustomActionTypes;
import dev.flowline.pipeline.ActionTypeId;
import org.springframework.stereotype.Component;

/**
 * DeleteCustomActionType: marks a custom type deleted. Pipelines can no longer be created or updated with it and
 * PollForJobs refuses it; jobs already handed out may still be reported.
 */
@Component
class DeleteCustomActionTypeHandler implements OperationHandler {

  private final CustomActionTypes types;

  DeleteCustomActionTypeHandler(CustomActionTypes types) {
    this.types = types;
  }

  @Override
  public String name() {
    return "DeleteCustomActionType";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    ActionTypeId id = ActionTypeId.of(Inputs.text(input, "category"), CustomActionTypeInputs.CUSTOM,
        Inputs.text(input, "provider"), Inputs.text(input, "version"));
    if (!types.delete(id)) {
      throw ApiException.validation(CustomActionTypeInputs.describe(id) + " cannot be found");
    }
    return null;
  }
}

package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.actions.custom.CustomActionType;
import dev.flowline.actions.custom.CustomActionTypes;
import dev.flowline.execution.TagStore;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * CreateCustomActionType: registers an action type with owner {@code Custom}, run by job workers that poll for
 * its jobs. Creating the identical type again is harmless; a used version with another definition is refused.
 */
@Component
class CreateCustomActionTypeHandler implements OperationHandler {

  private final CustomActionTypes types;
  private final TagStore tags;
  private final ApiProperties properties;

  CreateCustomActionTypeHandler(CustomActionTypes types, TagStore tags, ApiProperties properties) {
    this.types = types;
    this.tags = tags;
    this.properties = properties;
  }

  @Override
  public String name() {
    return "CreateCustomActionType";
  }

  @Override
  @Transactional
  public Object handle(JsonNode input, CallContext context) {
    CustomActionType type = CustomActionTypeInputs.fromCreate(input);
    ActionTypeId id = type.spec().id();
    List<Tag> requested = Inputs.tags(input.get("tags"));
    Inputs.refuseSystemTagKeys(requested.stream().map(Tag::key).toList());
    if (types.create(type) == CustomActionTypes.Created.VERSION_USED) {
      throw ApiException.validation(CustomActionTypeInputs.describe(id) + " already exists or existed with another"
          + " definition. To create a new custom action type, use a version that has never been used.");
    }
    String arn = arn(id);
    if (!requested.isEmpty()) {
      tags.tag(arn, requested);
    }
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("actionType", ListActionTypesHandler.ActionType.of(type.spec(), type.settings()));
    List<Tag> stored = tags.tags(arn);
    if (!stored.isEmpty()) {
      output.put("tags", stored);
    }
    return output;
  }

  /** {@code arn:aws:codepipeline:<region>:<account>:actionType:Custom/<category>/<provider>/<version>}. */
  private String arn(ActionTypeId id) {
    return "arn:aws:codepipeline:" + properties.region() + ":" + properties.accountId() + ":actionType:"
        + id.owner() + "/" + id.category() + "/" + id.provider() + "/" + id.version();
  }
}

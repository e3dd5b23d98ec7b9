package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "blockers", "actions", "onFailure", "onSuccess", "beforeEntry"})
public record StageDeclaration(
    String name,
    List<BlockerDeclaration> blockers,
    List<ActionDeclaration> actions,
    FailureConditions onFailure,
    SuccessConditions onSuccess,
    BeforeEntryConditions beforeEntry) {

  public List<ActionDeclaration> actionsOrEmpty() {
    return actions == null ? List.of() : actions;
  }

  /** The beforeEntry conditions, empty when the stage declares none. */
  public List<Condition> entryConditionsOrEmpty() {
    return beforeEntry == null || beforeEntry.conditions() == null ? List.of() : beforeEntry.conditions();
  }

  public java.util.Optional<ActionDeclaration> action(String actionName) {
    return actionsOrEmpty().stream().filter(a -> a.name() != null && a.name().equals(actionName)).findFirst();
  }
}

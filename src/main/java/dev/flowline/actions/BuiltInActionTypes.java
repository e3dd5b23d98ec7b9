package dev.flowline.actions;

import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.time.Duration;
import java.util.List;

/** Action types that no {@link ActionExecutor} runs because the engine handles them itself. */
public final class BuiltInActionTypes {

  /**
   * {@code Approval/AWS/Manual/1}: a user task, no artifacts, all configuration optional, times out after
   * 7 days unless the action sets {@code timeoutInMinutes}.
   */
  public static final ActionTypeSpec MANUAL_APPROVAL = new ActionTypeSpec(
      ActionTypeId.of("Approval", "AWS", "Manual", "1"),
      0, 0, 0, 0,
      List.of(
          ConfigurationProperty.optional("NotificationArn", "The SNS topic notified when the approval starts"),
          ConfigurationProperty.optional("ExternalEntityLink", "A URL the approver should review"),
          ConfigurationProperty.optional("CustomData", "Text shown to the approver")),
      false,
      Duration.ofDays(7));

  private BuiltInActionTypes() {}
}

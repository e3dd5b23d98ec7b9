package dev.flowline.actions.custom;

import dev.flowline.pipeline.ActionTypeSpec;

/**
 * A registered custom action type: what validation needs ({@link #spec()}) and the console links
 * CodePipeline shows for it ({@link #settings()}).
 */
public record CustomActionType(ActionTypeSpec spec, Settings settings) {

  /** CodePipeline's ActionTypeSettings: URL templates that may reference {@code {Config:Name}}. */
  public record Settings(String thirdPartyConfigurationUrl, String entityUrlTemplate, String executionUrlTemplate,
      String revisionUrlTemplate) {

    public static final Settings NONE = new Settings(null, null, null, null);
  }
}

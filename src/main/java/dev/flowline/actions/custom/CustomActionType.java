package dev.flowline.actions.custom;

import dev.flowline.pipeline.ActionTypeSpec;
import java.util.List;

/**
 * A registered custom action type: what validation needs ({@link #spec()}), the console links CodePipeline shows
 * for it ({@link #settings()}), and what only UpdateActionType sets ({@link #declaration()}, null until then).
 */
public record CustomActionType(ActionTypeSpec spec, Settings settings, Declaration declaration) {

  public CustomActionType(ActionTypeSpec spec, Settings settings) {
    this(spec, settings, null);
  }

  /** CodePipeline's ActionTypeSettings: URL templates that may reference {@code {Config:Name}}. */
  public record Settings(String thirdPartyConfigurationUrl, String entityUrlTemplate, String executionUrlTemplate,
      String revisionUrlTemplate) {

    public static final Settings NONE = new Settings(null, null, null, null);
  }

  /**
   * The members of an {@code ActionTypeDeclaration} that CreateCustomActionType has no place for: the description,
   * the JobWorker executor's polling accounts and service principals and its job timeout (seconds; the spec's
   * timeout follows it), and the accounts allowed to use the type. Any of them may be null.
   */
  public record Declaration(String description, List<String> pollingAccounts, List<String> pollingServicePrincipals,
      Integer jobTimeout, List<String> allowedAccounts) {}
}

package dev.flowline.actions.build;

import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.time.Duration;
import java.util.List;

/**
 * CodePipeline's CodeBuild action, {@code Build/AWS/CodeBuild/1} and {@code Test/AWS/CodeBuild/1} (one
 * instance per category, same behaviour): 1-5 input artifacts, 0-5 output artifacts, {@code ProjectName}
 * required, {@code PrimarySource} required with more than one input, default timeout 8 hours. The
 * configuration is checked here (a problem is a ConfigurationError, never echoing an environment variable's
 * value); the build itself runs on the {@link CodeBuildBackend} Flowline is configured with.
 */
public final class CodeBuildExecutor implements ActionExecutor {

  public static final ActionTypeSpec BUILD = spec("Build");
  public static final ActionTypeSpec TEST = spec("Test");

  private final ActionTypeSpec type;
  private final CodeBuildBackend backend;

  private CodeBuildExecutor(ActionTypeSpec type, CodeBuildBackend backend) {
    this.type = type;
    this.backend = backend;
  }

  /** The executor of {@code Build/AWS/CodeBuild/1}. */
  public static CodeBuildExecutor build(CodeBuildBackend backend) {
    return new CodeBuildExecutor(BUILD, backend);
  }

  /** The executor of {@code Test/AWS/CodeBuild/1}. */
  public static CodeBuildExecutor test(CodeBuildBackend backend) {
    return new CodeBuildExecutor(TEST, backend);
  }

  @Override
  public ActionTypeSpec type() {
    return type;
  }

  @Override
  public ActionResult execute(ActionJob job, ActionContext context) throws Exception {
    CodeBuildRequest request;
    try {
      request = CodeBuildRequest.of(job);
    } catch (IllegalArgumentException e) {
      return ActionResult.Failed.configurationError(e.getMessage());
    }
    return backend.run(request, job, context);
  }

  private static ActionTypeSpec spec(String category) {
    return new ActionTypeSpec(ActionTypeId.of(category, "AWS", "CodeBuild", "1"), 1, 5, 0, 5, List.of(
        ConfigurationProperty.required("ProjectName", "The CodeBuild project that runs the build"),
        ConfigurationProperty.optional("PrimarySource", "The input artifact whose root holds the buildspec; "
            + "required with more than one input artifact"),
        ConfigurationProperty.optional("BatchEnabled", "Run a batch build (not supported yet)"),
        ConfigurationProperty.optional("CombineArtifacts", "Combine the artifacts of a batch build"),
        ConfigurationProperty.optional("EnvironmentVariables",
            "JSON array of {name, value, type}; type PLAINTEXT, PARAMETER_STORE or SECRETS_MANAGER")),
        false, Duration.ofHours(8));
  }
}

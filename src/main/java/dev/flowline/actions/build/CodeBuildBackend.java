package dev.flowline.actions.build;

import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;

/**
 * Where CodeBuild actions run: {@link LocalCodeBuild} (buildspecs run on this machine, the embedded default)
 * or {@link AwsCodeBuild} (StartBuild on AWS CodeBuild or a compatible endpoint). Called by
 * {@link CodeBuildExecutor} with the same contract as {@link dev.flowline.actions.ActionExecutor#execute}:
 * possibly more than once for one job, first without and then with the continuation token it returned.
 */
public interface CodeBuildBackend {

  /** Runs or checks the build for {@code job}, whose configuration {@code request} already holds checked. */
  ActionResult run(CodeBuildRequest request, ActionJob job, ActionContext context) throws Exception;
}

package dev.flowline.actions.source;

import static dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty.optional;
import static dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty.required;

import dev.flowline.actions.ActionConfig;
import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * {@code Source/AWS/CodeStarSourceConnection/1}: a branch (or the commit a webhook or {@code sourceRevisions}
 * names) of a GitHub, GitLab, Bitbucket or self-managed repository, fetched over HTTPS git with the connection's
 * token ({@link GitHttpsSource}). {@code ConnectionArn} must name an AVAILABLE connection: a PENDING, ERROR or
 * deleted one fails the action as a ConfigurationError naming the connection and the step that completes it
 * (on AWS this fails silently). {@code DetectChanges} is read by the triggers, not here.
 *
 * <p>Output variables, as AWS documents them: {@code AuthorDate}, {@code BranchName}, {@code CommitId},
 * {@code CommitMessage}, {@code ConnectionArn}, {@code FullRepositoryName}; in a run a pull request started,
 * also {@code PullRequestId}, {@code SourceBranchName}, {@code DestinationBranchName} and {@code PullRequestEvent}
 * ({@link PullRequestRevisions}).
 */
public final class CodeStarSourceConnectionExecutor implements ActionExecutor {

  static final ActionTypeSpec TYPE = new ActionTypeSpec(
      ActionTypeId.of("Source", "AWS", "CodeStarSourceConnection", "1"), 0, 0, 1, 1,
      List.of(
          required("ConnectionArn", "The connection (codestar-connections or codeconnections ARN)"),
          required("FullRepositoryId", "owner/repository (GitLab: group/subgroup/project)"),
          required("BranchName", "The branch whose head the action reads when no revision is given"),
          optional("OutputArtifactFormat", "CODE_ZIP (default) or CODEBUILD_CLONE_REF"),
          optional("DetectChanges", "true (default): a push to the branch starts the pipeline")),
      false, Duration.ofHours(1));

  private final SourceConnections connections;

  public CodeStarSourceConnectionExecutor(SourceConnections connections) {
    this.connections = connections;
  }

  @Override
  public ActionTypeSpec type() {
    return TYPE;
  }

  @Override
  public ActionResult execute(ActionJob job, ActionContext context) throws IOException, GitAPIException {
    Optional<ActionResult.Failed> missing = ActionConfig.missing(job, "ConnectionArn", "FullRepositoryId", "BranchName");
    if (missing.isPresent()) {
      return missing.get();
    }
    String connectionArn = job.config("ConnectionArn");
    String repository = job.config("FullRepositoryId");
    String branch = job.config("BranchName");
    if (!repository.matches("[\\w.-]+(/[\\w.-]+)+") || repository.contains("..")) {
      return ActionResult.Failed.configurationError("FullRepositoryId '" + repository + "' is not valid: use "
          + "owner/repository (GitLab: group/subgroup/project)");
    }
    GitRemote remote;
    try {
      remote = connections.remote(connectionArn, repository);
    } catch (SourceConnections.Unusable e) {
      context.log().println("[Flowline] " + e.getMessage());
      return ActionResult.Failed.configurationError(e.getMessage());
    }
    String format = Optional.ofNullable(job.config("OutputArtifactFormat")).orElse(GitHttpsSource.CODE_ZIP);
    return GitHttpsSource.read(job, context, remote, branch, format, (commit, message) -> {
      Map<String, String> variables = new LinkedHashMap<>();
      variables.put("AuthorDate", commit.getAuthorIdent().getWhenAsInstant().toString());
      variables.put("BranchName", branch);
      variables.put("CommitId", commit.name());
      variables.put("CommitMessage", message);
      variables.put("ConnectionArn", connectionArn);
      variables.put("FullRepositoryName", repository);
      variables.putAll(PullRequestRevisions.variables(job));
      return variables;
    });
  }
}

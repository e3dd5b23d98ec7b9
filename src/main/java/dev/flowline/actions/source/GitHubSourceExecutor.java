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
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.errors.GitAPIException;

/**
 * {@code Source/ThirdParty/GitHub/1}, GitHub's OAuth-token action that older definitions use: {@code Owner},
 * {@code Repo}, {@code Branch}, {@code OAuthToken} (a secret: masked as {@code ****} by GetPipeline, never
 * logged), fetched the same way as a connection's ({@link GitHttpsSource}) from {@code gitHubUrl}
 * ({@code https://github.com} unless configured), as {@code CODE_ZIP} or, with {@code OutputArtifactFormat}
 * {@code CODEBUILD_CLONE_REF}, a complete clone with its submodules. {@code PollForSourceChanges} is read by the
 * triggers.
 *
 * <p>Output variables, as AWS documents them: {@code AuthorDate}, {@code BranchName}, {@code CommitId},
 * {@code CommitMessage}, {@code CommitterDate}, {@code CommitUrl}, {@code RepositoryName}.
 */
public final class GitHubSourceExecutor implements ActionExecutor {

  static final ActionTypeSpec TYPE = new ActionTypeSpec(ActionTypeId.of("Source", "ThirdParty", "GitHub", "1"),
      0, 0, 1, 1,
      List.of(
          required("Owner", "The GitHub user or organization"),
          required("Repo", "The repository"),
          required("Branch", "The branch whose head the action reads"),
          new ConfigurationProperty("OAuthToken", true, true, "A GitHub token that may read the repository"),
          optional("PollForSourceChanges", "true: Flowline polls the branch; false: a webhook starts the pipeline"),
          optional("OutputArtifactFormat", "CODE_ZIP (default) or CODEBUILD_CLONE_REF")),
      false, Duration.ofHours(1));

  private final String gitHubUrl;

  /** @param gitHubUrl where GitHub's git is reached, {@code https://github.com} (a test's git server in tests) */
  public GitHubSourceExecutor(String gitHubUrl) {
    this.gitHubUrl = gitHubUrl.endsWith("/") ? gitHubUrl.substring(0, gitHubUrl.length() - 1) : gitHubUrl;
  }

  @Override
  public ActionTypeSpec type() {
    return TYPE;
  }

  @Override
  public ActionResult execute(ActionJob job, ActionContext context) throws IOException, GitAPIException {
    Optional<ActionResult.Failed> missing = ActionConfig.missing(job, "Owner", "Repo", "Branch", "OAuthToken");
    if (missing.isPresent()) {
      return missing.get();
    }
    String owner = job.config("Owner");
    String repo = job.config("Repo");
    String branch = job.config("Branch");
    if (!owner.matches("[\\w.-]+") || !repo.matches("[\\w.-]+") || repo.equals("..") || owner.equals("..")) {
      return ActionResult.Failed.configurationError("Owner '" + owner + "' or Repo '" + repo + "' is not a GitHub name");
    }
    String web = gitHubUrl + "/" + owner + "/" + repo;
    GitRemote remote = new GitRemote(web + ".git", "x-access-token", job.config("OAuthToken"),
        "the action's OAuthToken", web);
    String format = Optional.ofNullable(job.config("OutputArtifactFormat")).orElse(GitHttpsSource.CODE_ZIP);
    return GitHttpsSource.read(job, context, remote, branch, format, (commit, message) -> {
      Map<String, String> variables = new LinkedHashMap<>();
      variables.put("AuthorDate", commit.getAuthorIdent().getWhenAsInstant().toString());
      variables.put("BranchName", branch);
      variables.put("CommitId", commit.name());
      variables.put("CommitMessage", message);
      variables.put("CommitterDate", commit.getCommitterIdent().getWhenAsInstant().toString());
      variables.put("CommitUrl", web + "/commit/" + commit.name());
      variables.put("RepositoryName", repo);
      return variables;
    });
  }
}

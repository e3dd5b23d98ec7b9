package dev.flowline.actions.source;

import static dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty.optional;
import static dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty.required;

import dev.flowline.actions.ActionConfig;
import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.artifacts.ArtifactRefusedException;
import dev.flowline.artifacts.Zips;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * CodePipeline's CodeCommit source action ({@code Source/AWS/CodeCommit/1}) on the repositories Flowline hosts,
 * or on real CodeCommit's ({@link AwsCodeCommitRepositories}): {@link CodeCommitRepositories} says where.
 *
 * <p>Which commit: the {@code COMMIT_ID} source revision the execution was started with for this action (a
 * push's commit, or {@code StartPipelineExecution}'s {@code sourceRevisions}), else the head of
 * {@code BranchName} when the action runs. An unknown repository, a missing branch (without an override) and
 * an unknown {@code OutputArtifactFormat} are configuration errors; an override commit the repository does not
 * have is {@code RevisionUnavailable}.
 *
 * <p>The output artifact, by {@code OutputArtifactFormat}:
 * <ul>
 *   <li>{@code CODE_ZIP} (default): a zip of the commit's tree, file modes kept (the executable bit), symbolic
 *       links kept as links (never followed, so a link to a host file never copies it), submodules left out;</li>
 *   <li>{@code CODEBUILD_CLONE_REF}: a zip of a full git clone, checked out on a local branch {@code BranchName}
 *       that points at the commit: the working tree at the root, the history under {@code .git/} (remote
 *       {@code origin} is the hosted repository's directory). A build runner unzips it and has {@code git log},
 *       {@code git describe} and the other branches, as CodeBuild has after cloning; unlike AWS, no network
 *       access or git credentials are needed.</li>
 * </ul>
 * Before either, the commit's trees are checked as git's fsck checks them and written out with real path checks
 * ({@link TreeCheckout}); a tree that fails is a {@code JobFailed} naming the entry, and nothing is written
 * outside the workspace.
 * Output variables: {@code CommitId}, {@code CommitMessage} (at most 100 KB), {@code AuthorDate},
 * {@code CommitterDate} (ISO-8601 UTC), {@code BranchName}, {@code RepositoryName}. The revision is the commit
 * (revision id and change id = commit id, summary = the message's first line). Reading has no side effect, so
 * a repeated call simply reads again. {@code PollForSourceChanges} belongs to the triggers and is not read here:
 * repositories Flowline hosts start their pipelines on push (CodeCommitPushTriggers), those in AWS are polled
 * (CodeCommitSourcePoller).
 */
public final class CodeCommitSourceExecutor implements ActionExecutor {

  static final ActionTypeSpec TYPE = new ActionTypeSpec(ActionTypeId.of("Source", "AWS", "CodeCommit", "1"), 0, 0, 1, 1,
      List.of(
          required("RepositoryName", "The name of the repository"),
          required("BranchName", "The branch whose head the action reads when no revision is given"),
          optional("PollForSourceChanges", "true (default): on CodeCommit in AWS, Flowline polls the branch; "
              + "Flowline's own repositories start the pipeline on push either way"),
          optional("OutputArtifactFormat", "CODE_ZIP (default) or CODEBUILD_CLONE_REF")),
      false, Duration.ofHours(1));

  static final String CODE_ZIP = "CODE_ZIP";
  static final String CODEBUILD_CLONE_REF = "CODEBUILD_CLONE_REF";
  static final int MAX_COMMIT_MESSAGE_BYTES = 100 * 1024;

  private final CodeCommitRepositories repositories;

  public CodeCommitSourceExecutor(CodeCommitRepositories repositories) {
    this.repositories = repositories;
  }

  @Override
  public ActionTypeSpec type() {
    return TYPE;
  }

  @Override
  public ActionResult execute(ActionJob job, ActionContext context) throws IOException, GitAPIException {
    String repositoryName = job.config("RepositoryName");
    String branch = job.config("BranchName");
    String format = Optional.ofNullable(job.config("OutputArtifactFormat")).orElse(CODE_ZIP);
    Optional<ActionResult.Failed> missing = ActionConfig.missing(job, "RepositoryName", "BranchName");
    if (missing.isPresent()) {
      return missing.get();
    }
    if (!format.equals(CODE_ZIP) && !format.equals(CODEBUILD_CLONE_REF)) {
      return ActionResult.Failed.configurationError("OutputArtifactFormat '" + format + "' is not valid: use "
          + CODE_ZIP + " or " + CODEBUILD_CLONE_REF);
    }
    if (job.outputArtifacts() == null || job.outputArtifacts().size() != 1) {
      return ActionResult.Failed.configurationError("The CodeCommit source action needs exactly one output artifact");
    }
    Optional<Path> gitDirectory = repositories.gitDirectory(repositoryName);
    if (gitDirectory.isEmpty()) {
      return ActionResult.Failed.configurationError("The CodeCommit repository '" + repositoryName + "' does not exist");
    }
    try (Repository repository = new FileRepositoryBuilder().setGitDir(gitDirectory.get().toFile()).setMustExist(true)
        .build(); RevWalk walk = new RevWalk(repository)) {
      Optional<String> override = job.sourceRevision("COMMIT_ID");
      ObjectId commitId;
      if (override.isPresent()) {
        commitId = resolveCommit(repository, override.get());
        if (commitId == null) {
          return new ActionResult.Failed("RevisionUnavailable", "The commit '" + override.get()
              + "' does not exist in the CodeCommit repository '" + repositoryName + "'", null, null);
        }
      } else {
        Ref head = repository.exactRef(Constants.R_HEADS + branch);
        if (head == null || head.getObjectId() == null) {
          return ActionResult.Failed.configurationError("The branch '" + branch
              + "' does not exist in the CodeCommit repository '" + repositoryName + "'");
        }
        commitId = head.getObjectId();
      }
      RevCommit commit = walk.parseCommit(commitId);
      Path zip = context.workspace().resolve("source.zip");
      Path content = context.workspace().resolve("source");
      try (ObjectReader reader = repository.newObjectReader()) {
        TreeCheckout checkout = new TreeCheckout(reader, TreeCheckout.objectChecker());
        if (format.equals(CODE_ZIP)) {
          checkout.write(commit.getTree(), content);
        } else {
          checkout.check(commit.getTree());
          cloneAt(gitDirectory.get(), commit, branch, content);
        }
      } catch (ArtifactRefusedException e) {
        return ActionResult.Failed.jobFailed("The commit " + commit.name() + " of the CodeCommit repository '"
            + repositoryName + "' cannot be checked out safely. " + e.getMessage());
      }
      int files = Zips.zip(content, zip);
      String firstLine = commit.getShortMessage();
      context.log().println("[Flowline] " + repositoryName + " " + commit.name() + " (" + branch + "): " + firstLine
          + " -> " + format + ", " + files + " files");
      return new ActionResult.Succeeded(Map.of(job.outputArtifacts().get(0).name(), zip),
          variables(commit, branch, repositoryName), firstLine, commit.name(), null,
          new ActionResult.Revision(commit.name(), commit.name(), firstLine, null));
    }
  }

  private static ObjectId resolveCommit(Repository repository, String revision) throws IOException {
    if (!ObjectId.isId(revision) && !revision.matches("[0-9a-fA-F]{4,40}")) {
      return null;
    }
    try {
      return repository.resolve(revision + "^{commit}");
    } catch (RevisionSyntaxException | AmbiguousObjectException | IncorrectObjectTypeException
        | MissingObjectException e) {
      return null;
    }
  }

  private static Map<String, String> variables(RevCommit commit, String branch, String repositoryName) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("CommitId", commit.name());
    variables.put("CommitMessage", truncate(commit.getFullMessage()));
    variables.put("AuthorDate", commit.getAuthorIdent().getWhenAsInstant().toString());
    variables.put("CommitterDate", commit.getCommitterIdent().getWhenAsInstant().toString());
    variables.put("BranchName", branch);
    variables.put("RepositoryName", repositoryName);
    return variables;
  }

  private static String truncate(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_COMMIT_MESSAGE_BYTES) {
      return message;
    }
    String cut = new String(bytes, 0, MAX_COMMIT_MESSAGE_BYTES, StandardCharsets.UTF_8);
    return cut.endsWith("\uFFFD") ? cut.substring(0, cut.length() - 1) : cut;
  }

  /** A full clone of the repository with branch {@code branch} checked out at {@code commit}. */
  private static void cloneAt(Path gitDirectory, RevCommit commit, String branch, Path target) throws GitAPIException, IOException {
    try (Git git = Git.cloneRepository().setURI(gitDirectory.toUri().toString()).setDirectory(target.toFile())
        .setCloneAllBranches(true).setNoCheckout(true).call()) {
      boolean exists = git.getRepository().exactRef(Constants.R_HEADS + branch) != null;
      if (exists && !branch.equals(git.getRepository().getBranch())) {
        git.branchDelete().setBranchNames(branch).setForce(true).call();
        exists = false;
      }
      if (exists) {
        git.reset().setMode(ResetType.HARD).setRef(commit.name()).call();
      } else {
        git.checkout().setCreateBranch(true).setName(branch).setStartPoint(commit).call();
      }
    }
  }
}

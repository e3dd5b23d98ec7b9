package dev.flowline.actions.source;

import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.artifacts.ArtifactRefusedException;
import dev.flowline.artifacts.Zips;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Reads one commit of a repository on a git host over HTTP(S) with a token, for the source actions that read
 * GitHub, GitLab, Bitbucket or a self-managed host ({@code CodeStarSourceConnection}, {@code ThirdParty/GitHub}),
 * and writes it as the output artifact: {@code CODE_ZIP} (the commit's tree, checked as {@link TreeCheckout}
 * checks it; submodules left out, as on AWS) or {@code CODEBUILD_CLONE_REF} (a complete git clone, every branch and
 * tag, with the branch checked out at the commit, {@code origin} set to the host's URL without credentials, and its
 * submodules fetched recursively by {@link Submodules}).
 *
 * <p>Which commit: the {@code COMMIT_ID} source revision override (a webhook's commit, a pull request's head,
 * StartPipelineExecution's sourceRevisions), else the branch's head. The token travels only as HTTP Basic
 * credentials to the host; messages name the remote's {@link GitRemote#label()} and the host's answer, never the
 * token. Fetching has no side effect, so a repeated call simply fetches again.
 */
final class GitHttpsSource {
  static final String CODE_ZIP = "CODE_ZIP";
  static final String CODEBUILD_CLONE_REF = "CODEBUILD_CLONE_REF";
  static final int TIMEOUT_SECONDS = 120;
  private static final int MAX_MESSAGE_BYTES = 100 * 1024;

  private GitHttpsSource() {}

  /** The commit read, and where it was read. */
  record Fetched(RevCommit commit, String branch) {}

  interface Variables {
    Map<String, String> of(RevCommit commit, String message);
  }

  static ActionResult read(ActionJob job, ActionContext context, GitRemote remote, String branch, String format,
      Variables variables) throws IOException, GitAPIException {
    if (!format.equals(CODE_ZIP) && !format.equals(CODEBUILD_CLONE_REF)) {
      return ActionResult.Failed.configurationError("OutputArtifactFormat '" + format + "' is not valid: use "
          + CODE_ZIP + " or " + CODEBUILD_CLONE_REF);
    }
    if (job.outputArtifacts() == null || job.outputArtifacts().size() != 1) {
      return ActionResult.Failed.configurationError("The source action needs exactly one output artifact");
    }
    UsernamePasswordCredentialsProvider credentials = new UsernamePasswordCredentialsProvider(remote.user(), remote.token());
    Path gitDir = context.workspace().resolve("fetched.git");
    try (Repository repository = FileRepositoryBuilder.create(gitDir.toFile())) {
      repository.create(true);
      ScratchGit.disableAutoGc(repository);
      Git git = new Git(repository);
      Collection<Ref> advertised;
      try {
        advertised = git.lsRemote().setRemote(remote.url()).setCredentialsProvider(credentials)
            .setTimeout(TIMEOUT_SECONDS).call();
      } catch (TransportException e) {
        return hostRefused(remote, e);
      }
      boolean branchExists = advertised.stream().anyMatch(r -> r.getName().equals(Constants.R_HEADS + branch));
      Optional<String> override = job.sourceRevision("COMMIT_ID");
      if (!branchExists && override.isEmpty()) {
        return ActionResult.Failed.configurationError("The branch '" + branch + "' does not exist in "
            + remote.url() + " (" + remote.label() + ")");
      }
      List<RefSpec> specs = new ArrayList<>();
      if (format.equals(CODEBUILD_CLONE_REF)) {
        // a complete clone: every branch and tag with its history, so the build need not fetch more (the build
        // sandbox's network cannot reach a host on loopback, and the build is given no token; docs/connections.md)
        specs.add(new RefSpec("+refs/heads/*:refs/heads/*"));
        specs.add(new RefSpec("+refs/tags/*:refs/tags/*"));
      } else if (branchExists) {
        specs.add(new RefSpec("+" + Constants.R_HEADS + branch + ":" + Constants.R_HEADS + branch));
      }
      if (override.isPresent()) {
        // the commit may be on any branch, or only on a pull request's ref
        specs.add(new RefSpec("+refs/heads/*:refs/remotes/origin/*"));
        advertised.stream().map(Ref::getName)
            .filter(n -> n.matches("refs/(pull/\\d+/head|merge-requests/\\d+/head|pull-requests/\\d+/from)"))
            .forEach(n -> specs.add(new RefSpec("+" + n + ":refs/flowline/" + n.substring(5))));
      }
      try {
        git.fetch().setRemote(remote.url()).setCredentialsProvider(credentials).setRefSpecs(specs)
            .setTimeout(TIMEOUT_SECONDS).call();
      } catch (TransportException e) {
        return hostRefused(remote, e);
      }
      ObjectId commitId;
      if (override.isPresent()) {
        commitId = override.get().matches("[0-9a-fA-F]{40}") ? ObjectId.fromString(override.get()) : null;
        if (commitId == null || !repository.getObjectDatabase().has(commitId)) {
          return new ActionResult.Failed("RevisionUnavailable", "The commit '" + override.get()
              + "' is not on a branch or pull request of " + remote.url() + " (" + remote.label() + ")", null, null);
        }
      } else {
        commitId = repository.exactRef(Constants.R_HEADS + branch).getObjectId();
      }
      try (RevWalk walk = new RevWalk(repository)) {
        RevCommit commit = walk.parseCommit(commitId);
        Path zip = context.workspace().resolve("source.zip");
        Path content = context.workspace().resolve("source");
        try (ObjectReader reader = repository.newObjectReader()) {
          TreeCheckout checkout = new TreeCheckout(reader, TreeCheckout.objectChecker());
          if (format.equals(CODE_ZIP)) {
            checkout.write(commit.getTree(), content);
          } else {
            checkout.check(commit.getTree());
            pointHeadAt(repository, branch, commit);
            cloneAt(gitDir, commit, branch, content, remote.url());
            fetchSubmodules(content, commit, remote, context);
          }
        } catch (ArtifactRefusedException e) {
          return ActionResult.Failed.jobFailed("The commit " + commit.name() + " of " + remote.url()
              + " cannot be checked out safely. " + e.getMessage());
        } catch (Submodules.Refused e) {
          return ActionResult.Failed.jobFailed("The commit " + commit.name() + " of " + remote.url()
              + " has a submodule Flowline cannot fetch. " + e.getMessage());
        }
        int files = Zips.zip(content, zip);
        String firstLine = commit.getShortMessage();
        context.log().println("[Flowline] " + remote.url() + " " + commit.name() + " (" + branch + "): " + firstLine
            + " -> " + format + ", " + files + " files");
        String commitUrl = remote.webUrl() == null ? null : remote.webUrl() + "/commit/" + commit.name();
        return new ActionResult.Succeeded(Map.of(job.outputArtifacts().get(0).name(), zip),
            variables.of(commit, truncate(commit.getFullMessage())), firstLine, commit.name(), commitUrl,
            new ActionResult.Revision(commit.name(), commit.name(), firstLine, commitUrl));
      }
    }
  }

  /** 401/403/404 and unreachable hosts: the job fails naming the remote and what the host said. */
  private static ActionResult hostRefused(GitRemote remote, TransportException e) {
    String answer = e.getMessage() == null ? e.toString() : e.getMessage();
    if (answer.contains(remote.token())) {
      answer = answer.replace(remote.token(), "****");
    }
    String hint = answer.contains("not authorized") || answer.contains("Authentication is required")
        ? " The host refused the token: give " + remote.label() + " a valid one (docs/connections.md)."
        : answer.contains("not found") ? " Check that the repository exists and the token may read it." : "";
    return ActionResult.Failed.jobFailed("Fetching " + remote.url() + " through " + remote.label()
        + " failed: " + answer + "." + hint);
  }

  private static String truncate(String message) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_MESSAGE_BYTES) {
      return message;
    }
    String cut = new String(bytes, 0, MAX_MESSAGE_BYTES, StandardCharsets.UTF_8);
    return cut.endsWith("\uFFFD") ? cut.substring(0, cut.length() - 1) : cut;
  }

  /** The fetched repository's HEAD names the branch (created at the commit when the host had no such branch). */
  private static void pointHeadAt(Repository repository, String branch, RevCommit commit) throws IOException {
    if (repository.exactRef(Constants.R_HEADS + branch) == null) {
      RefUpdate create = repository.updateRef(Constants.R_HEADS + branch);
      create.setNewObjectId(commit);
      create.forceUpdate();
    }
    repository.updateRef(Constants.HEAD).link(Constants.R_HEADS + branch);
  }

  /** The clone's submodules, recursively ({@link Submodules}): a build then has them without network or token. */
  private static void fetchSubmodules(Path clone, RevCommit commit, GitRemote remote, ActionContext context)
      throws IOException, Submodules.Refused {
    try (Repository repository = new FileRepositoryBuilder().setWorkTree(clone.toFile())
        .setGitDir(clone.resolve(Constants.DOT_GIT).toFile()).setMustExist(true).build();
        RevWalk walk = new RevWalk(repository)) {
      new Submodules(remote, Set.of("https"), context.log()::println)
          .fetch(repository, walk.parseCommit(commit), remote.url());
    }
  }

  private static void cloneAt(Path gitDirectory, RevCommit commit, String branch, Path target, String originUrl)
      throws GitAPIException, IOException {
    try (Git git = Git.cloneRepository().setURI(gitDirectory.toUri().toString()).setDirectory(target.toFile())
        .setCloneAllBranches(true).setTagOption(org.eclipse.jgit.transport.TagOpt.FETCH_TAGS).setNoCheckout(true)
        .call()) {
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
      StoredConfig config = git.getRepository().getConfig();
      config.setString("remote", "origin", "url", originUrl);
      config.save();
    }
  }
}

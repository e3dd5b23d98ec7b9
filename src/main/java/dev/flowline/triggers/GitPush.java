package dev.flowline.triggers;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One ref a push updated in a hosted repository, as the post-receive hook saw it.
 *
 * @param repositoryName the CodeCommit repository name
 * @param repositoryArn  its ARN ({@code arn:aws:codecommit:<region>:<account>:<name>}), the executions' trigger detail
 * @param refName        the full ref, {@code refs/heads/main} or {@code refs/tags/v1.0}
 * @param oldCommitId    the commit the ref pointed at before, null when the push created it
 * @param newCommitId    the commit it points at now (a tag's target commit), null when the push deleted it
 * @param changedFiles   the paths changed between the old and the new commit (from the first parent when the
 *                       ref is new; every file of a root commit); computed when first asked
 */
public record GitPush(String repositoryName, String repositoryArn, String refName, String oldCommitId,
    String newCommitId, Supplier<Set<String>> changedFiles) {

  static final String BRANCH_PREFIX = "refs/heads/";
  static final String TAG_PREFIX = "refs/tags/";

  public Optional<String> branch() {
    return refName.startsWith(BRANCH_PREFIX) ? Optional.of(refName.substring(BRANCH_PREFIX.length())) : Optional.empty();
  }

  public Optional<String> tag() {
    return refName.startsWith(TAG_PREFIX) ? Optional.of(refName.substring(TAG_PREFIX.length())) : Optional.empty();
  }

  public boolean deletesRef() {
    return newCommitId == null;
  }
}

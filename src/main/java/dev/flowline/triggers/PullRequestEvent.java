package dev.flowline.triggers;

import java.util.Set;
import java.util.function.Supplier;

/**
 * A pull request (GitHub, Bitbucket) or merge request (GitLab) event, in CodePipeline's terms.
 *
 * @param repository        the repository's full name ({@code owner/repo}, {@code group/sub/project})
 * @param event             OPEN, UPDATED or CLOSED, as the V2 trigger filters name them
 * @param number            the pull request's number (GitLab: iid)
 * @param sourceBranch      the branch the changes come from
 * @param destinationBranch the branch they are to be merged into; the filters' {@code branches} judge this one
 * @param headCommit        the pull request's head commit, which the run builds
 * @param changedFiles      the paths the pull request changes; computed when first asked
 */
public record PullRequestEvent(String repository, Kind event, String number, String sourceBranch,
    String destinationBranch, String headCommit, Supplier<Set<String>> changedFiles) {

  public enum Kind { OPEN, UPDATED, CLOSED }
}

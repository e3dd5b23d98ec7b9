/**
 * CodeCommit's local backend: the git repositories Flowline hosts and the CodeCommit API that manages them.
 * <ul>
 *   <li>{@link dev.flowline.codecommit.HostedRepositories}: bare repositories under
 *       {@code <flowline.data-dir>/git/<name>.git}; the repository's CodeCommit metadata (id, description,
 *       dates) lives in its own git config, so the directory is the whole repository.</li>
 *   <li>{@link dev.flowline.codecommit.GitSmartHttp}: git's smart HTTP protocol on {@code /git/<name>.git}
 *       (JGit's {@code GitServlet}, Jakarta Servlet 6), HTTP Basic authentication against Flowline's users
 *       ({@link dev.flowline.codecommit.GitUsers}), and the post-receive hook that hands every pushed ref to
 *       {@link dev.flowline.triggers.CodeCommitPushTriggers}.</li>
 *   <li>One {@link dev.flowline.api.OperationHandler} per CodeCommit operation ({@code CodeCommit_20150413.*}:
 *       CreateRepository, GetRepository, ListRepositories, DeleteRepository, GetBranch, ListBranches), served on
 *       the same {@code POST /} endpoint as CodePipeline, signed for the service {@code codecommit}.</li>
 * </ul>
 * The {@code Source/AWS/CodeCommit} action reads these repositories through
 * {@link dev.flowline.actions.source.CodeCommitRepositories}, which {@link dev.flowline.codecommit.HostedRepositories}
 * implements. Repositories live on one node's disk: a cluster shares them only through a shared data directory.
 */
package dev.flowline.codecommit;

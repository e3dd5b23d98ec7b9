/**
 * What starts executions besides the API: pushes to the git repositories Flowline hosts
 * ({@link dev.flowline.triggers.CodeCommitPushTriggers}), which start every pipeline whose CodeCommit source
 * action watches the pushed repository and branch, or whose V2 trigger's push filters
 * ({@link dev.flowline.triggers.PushFilters}: branches, tags, file paths, glob patterns, excludes win) match
 * the push; and the webhooks of GitHub, GitLab and Bitbucket for connections
 * ({@link dev.flowline.triggers.WebhookReceiver}, {@link dev.flowline.triggers.ConnectionTriggers}), with
 * pull-request filters ({@link dev.flowline.triggers.PullRequestFilters}). Pollers belong here too when they come.
 */
package dev.flowline.triggers;

/**
 * What starts executions besides the API. Today: pushes to the git repositories Flowline hosts
 * ({@link dev.flowline.triggers.CodeCommitPushTriggers}), which start every pipeline whose CodeCommit source
 * action watches the pushed repository and branch, or whose V2 trigger's push filters
 * ({@link dev.flowline.triggers.PushFilters}: branches, tags, file paths, glob patterns, excludes win) match
 * the push. Webhooks for connections and pollers belong here too when they come.
 */
package dev.flowline.triggers;

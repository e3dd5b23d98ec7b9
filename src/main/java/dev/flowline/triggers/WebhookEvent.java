package dev.flowline.triggers;

import java.util.Set;

/** What a provider's webhook delivery says, before Flowline decides which pipelines it starts. */
public sealed interface WebhookEvent {

  /** The repository's full name ({@code owner/repo}); null for an ignored event. */
  String repository();

  /**
   * A push of a branch or tag.
   *
   * @param commit       the commit the ref points at now (a tag's commit), null when the push deleted the ref
   * @param payloadFiles the changed paths the payload lists; null when it lists none or was truncated
   */
  record Push(String repository, String refName, String before, String commit, Set<String> payloadFiles)
      implements WebhookEvent {}

  /** A pull or merge request opened, updated or closed; {@code headCommit} may be abbreviated (Bitbucket). */
  record PullRequest(String repository, PullRequestEvent.Kind kind, String number, String sourceBranch,
      String destinationBranch, String headCommit) implements WebhookEvent {}

  /** A verified delivery that starts nothing: a ping, a label change, an event of a kind Flowline does not act on. */
  record Ignored(String repository, String why) implements WebhookEvent {}
}

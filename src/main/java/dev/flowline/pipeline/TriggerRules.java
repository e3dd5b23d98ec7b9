package dev.flowline.pipeline;

import static dev.flowline.pipeline.Violation.INVALID_STRUCTURE;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Trigger rules (reference §4.1 P21, P23): a trigger names a source action of this pipeline that can be
 * triggered, once per source action, and its filters make sense. AWS triggers only
 * CodeStarSourceConnection actions; Flowline also triggers CodeCommit actions on the repositories it hosts.
 */
final class TriggerRules {
  private final PipelineDeclaration p;
  private final List<Violation> out;

  TriggerRules(PipelineDeclaration p, List<Violation> out) {
    this.p = p;
    this.out = out;
  }

  void check() {
    Set<String> triggered = new HashSet<>();
    List<PipelineTriggerDeclaration> triggers = p.triggersOrEmpty();
    for (int t = 0; t < triggers.size(); t++) {
      PipelineTriggerDeclaration trigger = triggers.get(t);
      if (trigger == null || trigger.gitConfiguration() == null) {
        continue;
      }
      GitConfiguration git = trigger.gitConfiguration();
      DeclarationPath path = DeclarationPath.PIPELINE.member("triggers").index(t).member("gitConfiguration");
      String source = git.sourceActionName();
      if (source != null) {
        sourceAction(source, path.member("sourceActionName"));
        if (!triggered.add(source)) {
          add(path.member("sourceActionName"), "You can only specify one trigger configuration per source action."
              + " Source action '" + source + "' has more than one.");
        }
      }
      filters(git, source, path);
    }
  }

  private void add(DeclarationPath path, String message) {
    out.add(new Violation(path.dotted(), INVALID_STRUCTURE, message));
  }

  private void sourceAction(String name, DeclarationPath path) {
    boolean triggerable = Declared.stages(p).stream()
        .flatMap(stage -> Declared.actions(stage).stream())
        .filter(action -> name.equals(action.name()) && Declared.isSource(action))
        .anyMatch(action -> Declared.isProvider(action, "AWS", "CodeStarSourceConnection")
            || Declared.isProvider(action, "AWS", "CodeCommit"));
    if (!triggerable) {
      add(path, "Triggers for connections must reference a CodeStarSourceConnection action. '" + name
          + "' is not a CodeStarSourceConnection or CodeCommit source action of this pipeline.");
    }
  }

  private void filters(GitConfiguration git, String source, DeclarationPath path) {
    String action = "for sourceAction with name '" + source + "'";
    boolean push = git.push() != null && !git.push().isEmpty();
    boolean pullRequest = git.pullRequest() != null && !git.pullRequest().isEmpty();
    if (push && pullRequest) {
      add(path, "cannot specify both GitPushFilter and GitPullRequestFilter for the trigger with sourceAction"
          + " with name '" + source + "'");
    }
    if (!push && !pullRequest) {
      add(path, "must specify either GitPushFilter or GitPullRequestFilter for the trigger with sourceAction with"
          + " name '" + source + "'");
    }
    if (push) {
      for (int i = 0; i < git.push().size(); i++) {
        GitPushFilter filter = git.push().get(i);
        if (filter == null) {
          continue;
        }
        DeclarationPath at = path.member("push").index(i);
        if (!present(filter.branches()) && present(filter.filePaths())) {
          add(at.member("filePaths"), "cannot specify filePaths without branches " + action);
        }
        if (!present(filter.tags()) && !present(filter.branches())) {
          add(at, "must specify either tags or branches in GitpushFilter " + action);
        }
      }
    }
    if (pullRequest) {
      for (int i = 0; i < git.pullRequest().size(); i++) {
        GitPullRequestFilter filter = git.pullRequest().get(i);
        if (filter != null && !present(filter.branches())) {
          add(path.member("pullRequest").index(i), "must specify branches in GitPullRequestFilter " + action);
        }
      }
    }
  }

  private static boolean present(GitFilterCriteria criteria) {
    return criteria != null && (criteria.includes() != null && !criteria.includes().isEmpty()
        || criteria.excludes() != null && !criteria.excludes().isEmpty());
  }
}

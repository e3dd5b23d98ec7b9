package dev.flowline.pipeline;

import java.util.List;
import java.util.Map;

/**
 * Every shape constraint of the service model under {@code PipelineDeclaration}: required members, lengths,
 * patterns, enums, ranges and list sizes, reported as AWS reports them ({@code ValidationException}).
 */
final class ShapeConstraints {
  static final String NAME = "[A-Za-z0-9.@\\-_]+";
  static final String ROLE_ARN = "arn:aws(-[\\w]+)*:iam::[0-9]{12}:role/.*";
  static final String BUCKET = "[a-zA-Z0-9\\-\\.]+";
  static final String ARTIFACT_NAME = "[a-zA-Z0-9_\\-]+";
  static final String PROVIDER = "[0-9A-Za-z_-]+";
  static final String NAMESPACE = "[A-Za-z0-9@\\-_]+";
  static final String ENVIRONMENT_VARIABLE = "[A-Za-z0-9_]+";
  static final String ANY = ".*";

  static final List<String> CATEGORIES =
      List.of("Source", "Build", "Deploy", "Test", "Invoke", "Approval", "Compute");
  static final List<String> OWNERS = List.of("AWS", "ThirdParty", "Custom");
  static final List<String> EXECUTION_MODES = List.of("QUEUED", "SUPERSEDED", "PARALLEL");
  static final List<String> PIPELINE_TYPES = List.of("V1", "V2");
  static final List<String> RESULTS = List.of("ROLLBACK", "FAIL", "RETRY", "SKIP");
  static final List<String> RETRY_MODES = List.of("FAILED_ACTIONS", "ALL_ACTIONS");
  static final List<String> EVENTS = List.of("OPEN", "UPDATED", "CLOSED");

  private final ShapeChecks check = new ShapeChecks();

  static List<Violation> of(PipelineDeclaration pipeline) {
    ShapeConstraints constraints = new ShapeConstraints();
    constraints.pipeline(pipeline, DeclarationPath.PIPELINE);
    return constraints.check.violations();
  }

  private void pipeline(PipelineDeclaration p, DeclarationPath path) {
    if (!check.required(p, path)) {
      return;
    }
    check.requiredString(p.name(), path.member("name"), 1, 100, NAME);
    check.requiredString(p.roleArn(), path.member("roleArn"), null, 1024, ROLE_ARN);
    if (p.artifactStore() != null) {
      artifactStore(p.artifactStore(), path.member("artifactStore"));
    }
    if (p.artifactStores() != null) {
      DeclarationPath stores = path.member("artifactStores");
      for (Map.Entry<String, ArtifactStore> entry : p.artifactStores().entrySet()) {
        String region = entry.getKey();
        if (region.length() < 4 || region.length() > 30) {
          check.fail(stores.entry(region), "Map keys must satisfy constraint: [Member must have length less than or"
              + " equal to 30, Member must have length greater than or equal to 4]");
        }
        if (entry.getValue() == null) {
          check.fail(stores.entry(region), "Map value must satisfy constraint: [Member must not be null]");
        } else {
          artifactStore(entry.getValue(), stores.structEntry(region));
        }
      }
    }
    DeclarationPath stages = path.member("stages");
    if (check.required(p.stages(), stages) && check.list(p.stages(), stages, null, null)) {
      for (int i = 0; i < p.stages().size(); i++) {
        if (p.stages().get(i) != null) {
          stage(p.stages().get(i), stages.index(i));
        }
      }
    }
    check.range(p.version(), path.member("version"), 1, null);
    check.enumValue(p.executionMode(), path.member("executionMode"), EXECUTION_MODES);
    check.enumValue(p.pipelineType(), path.member("pipelineType"), PIPELINE_TYPES);
    DeclarationPath variables = path.member("variables");
    if (check.list(p.variables(), variables, null, 50)) {
      for (int i = 0; i < p.variables().size(); i++) {
        PipelineVariableDeclaration variable = p.variables().get(i);
        if (variable != null) {
          DeclarationPath at = variables.index(i);
          check.requiredString(variable.name(), at.member("name"), 1, 128, NAMESPACE);
          check.string(variable.defaultValue(), at.member("defaultValue"), 1, 1000, ANY);
          check.string(variable.description(), at.member("description"), 0, 200, ANY);
        }
      }
    }
    DeclarationPath triggers = path.member("triggers");
    if (check.list(p.triggers(), triggers, null, 50)) {
      for (int i = 0; i < p.triggers().size(); i++) {
        if (p.triggers().get(i) != null) {
          trigger(p.triggers().get(i), triggers.index(i));
        }
      }
    }
  }

  private void artifactStore(ArtifactStore store, DeclarationPath path) {
    check.requiredEnum(store.type(), path.member("type"), List.of("S3"));
    check.requiredString(store.location(), path.member("location"), 3, 63, BUCKET);
    EncryptionKey key = store.encryptionKey();
    if (key != null) {
      DeclarationPath at = path.member("encryptionKey");
      check.requiredString(key.id(), at.member("id"), 1, 400, null);
      check.requiredEnum(key.type(), at.member("type"), List.of("KMS"));
    }
  }

  private void trigger(PipelineTriggerDeclaration trigger, DeclarationPath path) {
    check.requiredEnum(trigger.providerType(), path.member("providerType"), List.of("CodeStarSourceConnection"));
    GitConfiguration git = trigger.gitConfiguration();
    DeclarationPath at = path.member("gitConfiguration");
    if (!check.required(git, at)) {
      return;
    }
    check.requiredString(git.sourceActionName(), at.member("sourceActionName"), 1, 100, NAME);
    DeclarationPath push = at.member("push");
    if (check.list(git.push(), push, 1, 3)) {
      for (int i = 0; i < git.push().size(); i++) {
        GitPushFilter filter = git.push().get(i);
        if (filter != null) {
          criteria(filter.tags(), push.index(i).member("tags"), null);
          criteria(filter.branches(), push.index(i).member("branches"), ANY);
          criteria(filter.filePaths(), push.index(i).member("filePaths"), ANY);
        }
      }
    }
    DeclarationPath pullRequest = at.member("pullRequest");
    if (check.list(git.pullRequest(), pullRequest, 1, 3)) {
      for (int i = 0; i < git.pullRequest().size(); i++) {
        GitPullRequestFilter filter = git.pullRequest().get(i);
        if (filter != null) {
          DeclarationPath events = pullRequest.index(i).member("events");
          if (check.list(filter.events(), events, 1, 3)) {
            for (int e = 0; e < filter.events().size(); e++) {
              check.enumValue(filter.events().get(e), events.index(e), EVENTS);
            }
          }
          criteria(filter.branches(), pullRequest.index(i).member("branches"), ANY);
          criteria(filter.filePaths(), pullRequest.index(i).member("filePaths"), ANY);
        }
      }
    }
  }

  private void criteria(GitFilterCriteria criteria, DeclarationPath path, String pattern) {
    if (criteria != null) {
      check.stringList(criteria.includes(), path.member("includes"), 1, 8, 1, 255, pattern);
      check.stringList(criteria.excludes(), path.member("excludes"), 1, 8, 1, 255, pattern);
    }
  }

  private void stage(StageDeclaration stage, DeclarationPath path) {
    check.requiredString(stage.name(), path.member("name"), 1, 100, NAME);
    DeclarationPath blockers = path.member("blockers");
    if (check.list(stage.blockers(), blockers, null, null)) {
      for (int i = 0; i < stage.blockers().size(); i++) {
        BlockerDeclaration blocker = stage.blockers().get(i);
        if (blocker != null) {
          check.requiredString(blocker.name(), blockers.index(i).member("name"), 1, 100, null);
          check.requiredEnum(blocker.type(), blockers.index(i).member("type"), List.of("Schedule"));
        }
      }
    }
    DeclarationPath actions = path.member("actions");
    if (check.required(stage.actions(), actions) && check.list(stage.actions(), actions, null, null)) {
      for (int i = 0; i < stage.actions().size(); i++) {
        if (stage.actions().get(i) != null) {
          new ActionShape(check).action(stage.actions().get(i), actions.index(i));
        }
      }
    }
    FailureConditions onFailure = stage.onFailure();
    if (onFailure != null) {
      DeclarationPath at = path.member("onFailure");
      check.enumValue(onFailure.result(), at.member("result"), RESULTS);
      if (onFailure.retryConfiguration() != null) {
        check.enumValue(onFailure.retryConfiguration().retryMode(),
            at.member("retryConfiguration").member("retryMode"), RETRY_MODES);
      }
      conditions(onFailure.conditions(), at.member("conditions"));
    }
    if (stage.onSuccess() != null) {
      DeclarationPath at = path.member("onSuccess").member("conditions");
      if (check.required(stage.onSuccess().conditions(), at)) {
        conditions(stage.onSuccess().conditions(), at);
      }
    }
    if (stage.beforeEntry() != null) {
      DeclarationPath at = path.member("beforeEntry").member("conditions");
      if (check.required(stage.beforeEntry().conditions(), at)) {
        conditions(stage.beforeEntry().conditions(), at);
      }
    }
  }

  private void conditions(List<Condition> conditions, DeclarationPath path) {
    if (!check.list(conditions, path, 1, 1)) {
      return;
    }
    for (int i = 0; i < conditions.size(); i++) {
      Condition condition = conditions.get(i);
      if (condition == null) {
        continue;
      }
      DeclarationPath at = path.index(i);
      check.enumValue(condition.result(), at.member("result"), RESULTS);
      DeclarationPath rules = at.member("rules");
      if (check.list(condition.rules(), rules, 1, 5)) {
        for (int r = 0; r < condition.rules().size(); r++) {
          if (condition.rules().get(r) != null) {
            new ActionShape(check).rule(condition.rules().get(r), rules.index(r));
          }
        }
      }
    }
  }
}

package dev.flowline.pipeline;

import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** The action types a small Flowline runs: plain ActionTypeSpec data, no executors behind it. */
final class TestCatalog implements ActionTypeCatalog {
  static final ActionTypeId S3_SOURCE = ActionTypeId.of("Source", "AWS", "S3", "1");
  static final ActionTypeId CODECOMMIT_SOURCE = ActionTypeId.of("Source", "AWS", "CodeCommit", "1");
  static final ActionTypeId CODEBUILD = ActionTypeId.of("Build", "AWS", "CodeBuild", "1");
  static final ActionTypeId COMMANDS = ActionTypeId.of("Compute", "AWS", "Commands", "1");
  static final ActionTypeId MANUAL_APPROVAL = ActionTypeId.of("Approval", "AWS", "Manual", "1");
  static final ActionTypeId S3_DEPLOY = ActionTypeId.of("Deploy", "AWS", "S3", "1");

  private static final List<ActionTypeSpec> SPECS = List.of(
      new ActionTypeSpec(S3_SOURCE, 0, 0, 1, 1,
          List.of(required("S3Bucket"), required("S3ObjectKey"), optional("PollForSourceChanges")),
          false, Duration.ofHours(1)),
      new ActionTypeSpec(CODECOMMIT_SOURCE, 0, 0, 1, 1,
          List.of(required("RepositoryName"), required("BranchName"), optional("PollForSourceChanges")),
          false, Duration.ofHours(1)),
      new ActionTypeSpec(CODEBUILD, 1, 5, 0, 5, List.of(required("ProjectName"), optional("PrimarySource")),
          false, Duration.ofHours(8)),
      new ActionTypeSpec(COMMANDS, 1, 10, 0, 1, List.of(), true, Duration.ofHours(1)),
      new ActionTypeSpec(MANUAL_APPROVAL, 0, 0, 0, 0, List.of(optional("CustomData")), false, Duration.ofDays(7)),
      new ActionTypeSpec(S3_DEPLOY, 1, 1, 0, 0, List.of(required("BucketName"), required("Extract")),
          false, Duration.ofMinutes(90)));

  @Override
  public Optional<ActionTypeSpec> find(ActionTypeId id) {
    return SPECS.stream().filter(spec -> spec.id().equals(id)).findFirst();
  }

  @Override
  public Collection<ActionTypeSpec> all() {
    return SPECS;
  }

  private static ConfigurationProperty required(String name) {
    return ConfigurationProperty.required(name, name);
  }

  private static ConfigurationProperty optional(String name) {
    return ConfigurationProperty.optional(name, name);
  }
}

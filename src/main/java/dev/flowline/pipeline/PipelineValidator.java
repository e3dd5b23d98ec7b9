package dev.flowline.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Structural validation of a pipeline declaration, as CodePipeline's CreatePipeline and UpdatePipeline do
 * it: the service model's shape constraints (reported together as one {@code ValidationException}), then
 * the structure, stage, action, artifact and trigger rules with AWS's exception names and texts. Every
 * violation is collected; nothing stops at the first one.
 *
 * <p>An action type is accepted only when the {@link ActionTypeCatalog} has it, that is when this Flowline
 * can run it; its artifact counts and required configuration keys are checked against that catalog entry.
 * Thread-safe; holds no state between calls.
 */
public final class PipelineValidator {
  /** The region a pipeline lives in when none is configured; AWS's messages name it as {@code US_EAST_1}. */
  public static final String DEFAULT_REGION = "us-east-1";

  private final ActionTypeCatalog catalog;
  private final String region;

  public PipelineValidator(ActionTypeCatalog catalog) {
    this(catalog, DEFAULT_REGION);
  }

  /**
   * @param region the pipeline's own region: actions without a {@code region} run there, and
   *     {@code artifactStores} must have a store for it
   */
  public PipelineValidator(ActionTypeCatalog catalog, String region) {
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.region = Objects.requireNonNull(region, "region");
  }

  /** Every violation in {@code pipeline}, shape constraints first; empty when CreatePipeline would accept it. */
  public List<Violation> validate(PipelineDeclaration pipeline) {
    List<Violation> violations = new ArrayList<>(ShapeConstraints.of(pipeline));
    if (pipeline == null) {
      return violations;
    }
    new StructureRules(pipeline, region, violations).check();
    new StageRules(pipeline, violations).check();
    new ActionRules(pipeline, catalog, region, violations).check();
    new ArtifactRules(pipeline, violations).check();
    new TriggerRules(pipeline, violations).check();
    return violations;
  }

  /**
   * Accepts {@code pipeline} or refuses it with all its violations.
   *
   * @throws PipelineValidationException when {@link #validate} finds anything
   */
  public void check(PipelineDeclaration pipeline) {
    List<Violation> violations = validate(pipeline);
    if (!violations.isEmpty()) {
      throw new PipelineValidationException(violations);
    }
  }
}

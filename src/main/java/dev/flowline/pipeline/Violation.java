package dev.flowline.pipeline;

/**
 * One thing wrong with a pipeline declaration.
 *
 * @param path where, in dotted 0-based form ({@code pipeline.stages.1.actions.0.runOrder}); a configuration
 *     entry adds its key ({@code ...actions.0.configuration.ProjectName})
 * @param errorType the AWS exception name CodePipeline answers with ({@code ValidationException} for a
 *     shape constraint of the service model, {@code InvalidStructureException},
 *     {@code InvalidStageDeclarationException}, {@code InvalidActionDeclarationException} otherwise)
 * @param message AWS's text where it is known; for a shape constraint the whole Coral sentence
 *     ({@code Value at 'pipeline.stages.2.member.actions.1.member.runOrder' failed to satisfy constraint: ...})
 */
public record Violation(String path, String errorType, String message) {

  public static final String VALIDATION_EXCEPTION = "ValidationException";
  public static final String INVALID_STRUCTURE = "InvalidStructureException";
  public static final String INVALID_STAGE = "InvalidStageDeclarationException";
  public static final String INVALID_ACTION = "InvalidActionDeclarationException";

  /** True for a violation of the service model's shape constraints (lengths, patterns, enums, ranges). */
  public boolean isShapeConstraint() {
    return VALIDATION_EXCEPTION.equals(errorType);
  }
}

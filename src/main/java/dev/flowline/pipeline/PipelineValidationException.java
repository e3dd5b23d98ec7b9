package dev.flowline.pipeline;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A pipeline declaration that CreatePipeline / UpdatePipeline refuse, with every violation found.
 *
 * <p>When any shape constraint of the service model is violated, {@link #errorType()} is
 * {@code ValidationException} and the message is AWS's Coral text listing all of them
 * ({@code "2 validation errors detected: Value at '...' failed to satisfy constraint: ...; Value at ..."}).
 * Otherwise the error type is that of the first violation and the message lists every violation with its
 * path.
 */
public class PipelineValidationException extends CodePipelineException {
  private final List<Violation> violations;

  public PipelineValidationException(List<Violation> violations) {
    super(errorTypeOf(violations), messageOf(violations));
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }

  private static List<Violation> shape(List<Violation> violations) {
    return violations.stream().filter(Violation::isShapeConstraint).toList();
  }

  private static String errorTypeOf(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("a validation exception needs at least one violation");
    }
    return shape(violations).isEmpty() ? violations.get(0).errorType() : Violation.VALIDATION_EXCEPTION;
  }

  private static String messageOf(List<Violation> violations) {
    List<Violation> shape = shape(violations);
    if (!shape.isEmpty()) {
      List<String> texts = shape.stream().map(Violation::message).distinct().toList();
      return texts.size() + (texts.size() == 1 ? " validation error" : " validation errors") + " detected: "
          + String.join("; ", texts);
    }
    return violations.stream()
        .map(v -> v.message() + " (at " + v.path() + ")")
        .collect(Collectors.joining("; "));
  }
}

package dev.flowline.compiler;

/**
 * What one compiled element is: its kind and the declared (unescaped) stage and action names.
 * {@code stageName} is null for {@link Kind#START} and {@link Kind#END_SUCCEEDED}; {@code actionName}
 * is set only for {@link Kind#ACTION}, {@link Kind#APPROVAL}, {@link Kind#APPROVAL_TIMEOUT} and
 * {@link Kind#APPROVAL_REJECTION}.
 */
public record ElementRef(Kind kind, String stageName, String actionName) {

  static ElementRef of(Kind kind) {
    return new ElementRef(kind, null, null);
  }

  static ElementRef stage(Kind kind, String stageName) {
    return new ElementRef(kind, stageName, null);
  }

  static ElementRef action(Kind kind, String stageName, String actionName) {
    return new ElementRef(kind, stageName, actionName);
  }
}

package dev.flowline.actions.s3;

import dev.flowline.actions.ActionResult;

/** How the S3 actions report a refusal of the object store as a CodePipeline failure. */
public final class ObjectStoreFailures {

  private ObjectStoreFailures() {}

  /** AccessDenied is a PermissionError; every other refusal (no such bucket or key, ...) a ConfigurationError. */
  public static ActionResult.Failed of(ObjectStoreException e) {
    String message = switch (e.code()) {
      case ObjectStoreException.NO_SUCH_BUCKET ->
          "The S3 bucket '" + e.bucket() + "' does not exist (object key '" + e.key() + "')";
      case ObjectStoreException.NO_SUCH_KEY ->
          "The object '" + e.key() + "' does not exist in the S3 bucket '" + e.bucket() + "'";
      default -> e.getMessage();
    };
    String type = ObjectStoreException.ACCESS_DENIED.equals(e.code()) ? "PermissionError" : "ConfigurationError";
    return new ActionResult.Failed(type, message, null, null);
  }
}

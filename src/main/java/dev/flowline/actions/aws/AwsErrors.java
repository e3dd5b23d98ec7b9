package dev.flowline.actions.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** The part of an SDK exception a person can act on, for action failure messages. */
public final class AwsErrors {

  private AwsErrors() {}

  /** The service's own error message (without the SDK's request id suffix), or the exception's message. */
  public static String message(Throwable e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
        && service.awsErrorDetails().errorMessage() != null) {
      return service.awsErrorDetails().errorMessage();
    }
    return e.getMessage();
  }

  /** The service's error code (e.g. ValidationError), or null for a client-side failure. */
  public static String code(SdkException e) {
    return e instanceof AwsServiceException service && service.awsErrorDetails() != null
        ? service.awsErrorDetails().errorCode() : null;
  }
}

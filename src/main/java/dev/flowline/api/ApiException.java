package dev.flowline.api;

import dev.flowline.pipeline.CodePipelineException;

/**
 * A refusal raised by the API layer itself (protocol and input problems), answered like any
 * {@link CodePipelineException}: HTTP 400 with {@code __type} and {@code message}.
 */
final class ApiException extends CodePipelineException {

  ApiException(String errorType, String message) {
    super(errorType, message);
  }

  static ApiException validation(String message) {
    return new ApiException("ValidationException", message);
  }

  static ApiException serialization(String message) {
    return new ApiException("SerializationException", message);
  }

  static ApiException invalidNextToken() {
    return new ApiException("InvalidNextTokenException", "The next token was specified in an invalid format. "
        + "Make sure that the next token you provide is the token returned by a previous call.");
  }
}

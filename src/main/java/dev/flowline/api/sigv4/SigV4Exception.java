package dev.flowline.api.sigv4;

/**
 * A request that is not signed, or not signed correctly, named as AWS names it
 * ({@code MissingAuthenticationTokenException}, {@code UnrecognizedClientException},
 * {@code InvalidSignatureException}, {@code IncompleteSignatureException}) with the HTTP status AWS uses.
 * Messages never contain secrets or the expected signature.
 */
public class SigV4Exception extends RuntimeException {
  private final String errorType;
  private final int httpStatus;

  SigV4Exception(String errorType, int httpStatus, String message) {
    super(message, null, false, false);
    this.errorType = errorType;
    this.httpStatus = httpStatus;
  }

  public String errorType() {
    return errorType;
  }

  public int httpStatus() {
    return httpStatus;
  }

  static SigV4Exception missingToken() {
    return new SigV4Exception("MissingAuthenticationTokenException", 403, "Missing Authentication Token");
  }

  static SigV4Exception unrecognizedClient() {
    return new SigV4Exception("UnrecognizedClientException", 403,
        "The security token included in the request is invalid.");
  }

  static SigV4Exception invalidSignature(String message) {
    return new SigV4Exception("InvalidSignatureException", 403, message);
  }

  static SigV4Exception signatureMismatch() {
    return invalidSignature("The request signature we calculated does not match the signature you provided. "
        + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
  }

  static SigV4Exception incomplete(String message) {
    return new SigV4Exception("IncompleteSignatureException", 400, message);
  }
}

package dev.flowline.api;

/**
 * Who called and which request this is: the request id sent back as {@code x-amzn-RequestId}, the
 * operation, the verified access key id, the caller's ARN (recorded as {@code lastChangedBy} etc.), and the
 * SigV4 signing name of the service the request was signed for ({@code codepipeline}, {@code codeconnections}, ...),
 * which tells apart the names of a service known under two ({@code codestar-connections}, {@code codeconnections}).
 */
public record CallContext(String requestId, String operation, String accessKeyId, String callerArn,
    String signingName) {}

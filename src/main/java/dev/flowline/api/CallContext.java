package dev.flowline.api;

/**
 * Who called and which request this is: the request id sent back as {@code x-amzn-RequestId}, the
 * operation, the verified access key id and the caller's ARN (recorded as {@code lastChangedBy} etc.).
 */
public record CallContext(String requestId, String operation, String accessKeyId, String callerArn) {}

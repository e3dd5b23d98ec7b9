package dev.flowline.api.sigv4;

/** Who signed a request that verified: the access key id and the user configured with it. */
public record VerifiedCaller(String accessKeyId, String user) {}

package dev.flowline.pipeline;

public record RetryConfiguration(String retryMode) {}

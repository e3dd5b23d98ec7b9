package dev.flowline.pipeline;

public record PipelineTriggerDeclaration(String providerType, GitConfiguration gitConfiguration) {}

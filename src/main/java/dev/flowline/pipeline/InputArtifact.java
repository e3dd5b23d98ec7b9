package dev.flowline.pipeline;

public record InputArtifact(String name) {}

package dev.flowline.pipeline;

/** Reserved by CodePipeline for future use; kept only so declarations round-trip. */
public record BlockerDeclaration(String name, String type) {}

package dev.flowline.pipeline;

public record Tag(String key, String value) {}

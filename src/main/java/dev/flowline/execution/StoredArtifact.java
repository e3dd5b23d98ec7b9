package dev.flowline.execution;

/** An artifact an action produced or consumed: its name, where its zip lies and the revision it carries. */
public record StoredArtifact(String name, String bucket, String key, String revisionId) {}

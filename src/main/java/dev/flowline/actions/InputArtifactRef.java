package dev.flowline.actions;

import dev.flowline.artifacts.ArtifactLocation;

/** An input artifact of a job: its name, where the zip is stored, and the revision it carries. */
public record InputArtifactRef(String name, ArtifactLocation location, String revisionId) {}

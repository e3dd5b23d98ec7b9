package dev.flowline.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArtifactRevision(
    String name,
    String revisionId,
    String revisionChangeIdentifier,
    String revisionSummary,
    Instant created,
    String revisionUrl) {}

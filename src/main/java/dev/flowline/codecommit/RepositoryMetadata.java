package dev.flowline.codecommit;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * CodeCommit's {@code RepositoryMetadata}, member for member. {@code defaultBranch} is null until the first
 * branch is pushed; {@code cloneUrlHttp} points at Flowline's git endpoint.
 */
public record RepositoryMetadata(
    String accountId,
    String repositoryId,
    String repositoryName,
    String repositoryDescription,
    String defaultBranch,
    Instant lastModifiedDate,
    Instant creationDate,
    String cloneUrlHttp,
    @JsonProperty("Arn") String arn) {}

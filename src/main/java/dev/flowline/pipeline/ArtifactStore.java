package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Where a pipeline keeps its artifacts: {@code type} S3 and a bucket {@code location}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ArtifactStore(String type, String location, EncryptionKey encryptionKey) {}

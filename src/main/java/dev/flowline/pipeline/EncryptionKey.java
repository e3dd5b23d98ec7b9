package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record EncryptionKey(String id, String type) {}

package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineVariableDeclaration(String name, String defaultValue, String description) {}

package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvironmentVariable(String name, String value, String type) {}

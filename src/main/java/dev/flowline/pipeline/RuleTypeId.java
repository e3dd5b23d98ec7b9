package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleTypeId(String category, String owner, String provider, String version) {}

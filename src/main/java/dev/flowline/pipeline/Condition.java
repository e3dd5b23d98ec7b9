package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record Condition(String result, List<RuleDeclaration> rules) {}

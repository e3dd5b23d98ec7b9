package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record GitConfiguration(
    String sourceActionName, List<GitPushFilter> push, List<GitPullRequestFilter> pullRequest) {}

package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_NULL)
public record GitPushFilter(GitFilterCriteria tags, GitFilterCriteria branches, GitFilterCriteria filePaths) {}

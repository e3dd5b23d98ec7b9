package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** includes / excludes glob patterns (GitTagFilterCriteria, GitBranchFilterCriteria, GitFilePathFilterCriteria). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GitFilterCriteria(List<String> includes, List<String> excludes) {}

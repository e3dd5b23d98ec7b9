package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code onFailure}: a {@code result} (FAIL, RETRY, ROLLBACK, SKIP) or {@code conditions}, not both. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FailureConditions(String result, RetryConfiguration retryConfiguration, List<Condition> conditions) {}

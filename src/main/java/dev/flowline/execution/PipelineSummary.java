package dev.flowline.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** ListPipelines' {@code PipelineSummary}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineSummary(
    String name, Integer version, String pipelineType, String executionMode, Instant created, Instant updated) {}

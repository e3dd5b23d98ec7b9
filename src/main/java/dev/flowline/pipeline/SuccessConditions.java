package dev.flowline.pipeline;

import java.util.List;

public record SuccessConditions(List<Condition> conditions) {}

package dev.flowline.pipeline;

import java.util.List;

public record BeforeEntryConditions(List<Condition> conditions) {}

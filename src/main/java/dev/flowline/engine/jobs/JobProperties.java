package dev.flowline.engine.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flowline.jobs.*}: how long a polled job waits for AcknowledgeJob before it returns to the queue
 * ({@code acknowledge-timeout}), and how often jobs whose time ran out are looked for ({@code sweep-interval}).
 */
@ConfigurationProperties(prefix = "flowline.jobs")
public record JobProperties(
    @DefaultValue("60s") Duration acknowledgeTimeout,
    @DefaultValue("5s") Duration sweepInterval) {}

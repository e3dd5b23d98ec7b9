package dev.flowline.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flowline.retention.*}: how long Flowline keeps what an execution leaves behind.
 *
 * @param executionHistory how long the records of an ended execution (pipeline, stage, action and condition
 *     executions) and its action logs are kept, counted from the execution's last update; CodePipeline keeps
 *     execution history for 12 months
 * @param cleanupInterval how often a node looks for expired executions (every node may; the deletes are
 *     idempotent)
 * @param batchSize how many executions one cleanup transaction removes
 * @param engineLogs keep Camunda's job log and external task log (which node ran which engine job, which worker
 *     which action): for debugging a cluster; off by default, they were half of what an execution left behind
 */
@ConfigurationProperties("flowline.retention")
record RetentionProperties(
    @DefaultValue("365d") Duration executionHistory,
    @DefaultValue("1h") Duration cleanupInterval,
    @DefaultValue("500") int batchSize,
    @DefaultValue("false") boolean engineLogs) {

  RetentionProperties {
    if (executionHistory.isNegative() || cleanupInterval.isNegative() || cleanupInterval.isZero() || batchSize < 1) {
      throw new IllegalArgumentException("flowline.retention: execution-history must not be negative, "
          + "cleanup-interval must be positive, batch-size at least 1");
    }
  }
}

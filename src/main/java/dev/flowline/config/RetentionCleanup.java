package dev.flowline.config;

import dev.flowline.actions.ActionLogs;
import dev.flowline.engine.jobs.JobStore;
import dev.flowline.execution.ExecutionRetention;
import dev.flowline.execution.notify.NotificationProperties;
import dev.flowline.execution.notify.NotificationRetention;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes what ended executions leave behind once they are older than {@code flowline.retention.execution-history}:
 * their records, the jobs handed out for their actions (PollForJobs, Lambda) and their action logs. Logs are deleted before the rows that name them, so a crash in between
 * leaves rows whose logs are gone (the next pass deletes them), never logs nobody can find. Camunda's own history
 * is removed by Camunda's history cleanup (application.yml). Finished notification deliveries go after
 * {@code flowline.notifications.retention}, the newest of each pipeline excepted ({@link NotificationRetention}).
 */
final class RetentionCleanup implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(RetentionCleanup.class);

  private final ExecutionRetention retention;
  private final JobStore jobs;
  private final ActionLogs logs;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final RetentionProperties properties;
  private final NotificationRetention notifications;
  private final NotificationProperties notificationProperties;

  RetentionCleanup(ExecutionRetention retention, JobStore jobs, ActionLogs logs, TransactionTemplate transactions,
      Clock clock, RetentionProperties properties, NotificationRetention notifications,
      NotificationProperties notificationProperties) {
    this.notifications = notifications;
    this.notificationProperties = notificationProperties;
    this.retention = retention;
    this.jobs = jobs;
    this.logs = logs;
    this.transactions = transactions;
    this.clock = clock;
    this.properties = properties;
  }

  @Override
  public void run() {
    try {
      int deleted = cleanUp();
      if (deleted > 0) {
        log.info("Retention: deleted {} executions older than {}", deleted, properties.executionHistory());
      }
      int deliveries = cleanUpNotifications();
      if (deliveries > 0) {
        log.info("Retention: deleted {} notification deliveries finished more than {} ago", deliveries,
            notificationProperties.retention());
      }
    } catch (DataAccessException | IOException e) {
      log.warn("Retention cleanup failed, will try again: {}", e.toString());
    }
  }

  /** Deletes the finished notification deliveries past their retention; returns how many. */
  int cleanUpNotifications() {
    return notifications.deleteExpired(clock.instant().minus(notificationProperties.retention()),
        notificationProperties.keepPerPipeline(), properties.batchSize());
  }

  /** Deletes every ended execution older than the retention; returns how many. */
  int cleanUp() throws IOException {
    Instant cutoff = clock.instant().minus(properties.executionHistory());
    int total = 0;
    while (true) {
      List<String> expired = retention.endedBefore(cutoff, properties.batchSize());
      if (expired.isEmpty()) {
        return total;
      }
      List<String> actionExecutionIds = retention.actionExecutionIds(expired);
      for (String actionExecutionId : actionExecutionIds) {
        if (ActionLogs.isValidId(actionExecutionId)) {
          Files.deleteIfExists(logs.file(actionExecutionId));
        }
      }
      Integer deleted = transactions.execute(status -> {
        jobs.deleteForActionExecutions(actionExecutionIds);
        return retention.delete(expired);
      });
      total += deleted == null ? 0 : deleted;
      if (expired.size() < properties.batchSize()) {
        return total;
      }
    }
  }
}

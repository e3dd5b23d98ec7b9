package dev.flowline.config;

import dev.flowline.actions.ActionLogs;
import dev.flowline.engine.jobs.JobStore;
import dev.flowline.execution.ExecutionRetention;
import dev.flowline.execution.notify.NotificationProperties;
import dev.flowline.execution.notify.NotificationRetention;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bounded storage: Flowline's retention cleanup and H2's compaction on one background thread, and Camunda's
 * history written without the logs nobody reads ({@link LeanHistoryEventHandler}). Camunda's history time to live
 * and cleanup window are engine settings in application.yml.
 */
@Configuration
@EnableConfigurationProperties(RetentionProperties.class)
class RetentionConfiguration {

  @Bean
  RetentionCleanup retentionCleanup(ExecutionRetention retention, JobStore jobs, ActionLogs logs,
      PlatformTransactionManager transactionManager, Clock clock, RetentionProperties properties,
      NotificationRetention notifications, NotificationProperties notificationProperties) {
    return new RetentionCleanup(retention, jobs, logs, new TransactionTemplate(transactionManager), clock,
        properties, notifications, notificationProperties);
  }

  @Bean
  H2Maintenance h2Maintenance(DataSource dataSource) {
    return new H2Maintenance(dataSource);
  }

  /**
   * Stopped without interrupting: an interrupt during H2's file I/O closes H2's file channel and with it the
   * database, so a running pass is allowed to finish (a few seconds at most) before the data source closes.
   */
  @Bean(destroyMethod = "")
  ScheduledExecutorService retentionScheduler(RetentionCleanup cleanup, H2Maintenance h2,
      RetentionProperties properties) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "flowline-retention");
      thread.setDaemon(true);
      return thread;
    });
    long cleanupMillis = properties.cleanupInterval().toMillis();
    scheduler.scheduleWithFixedDelay(cleanup, cleanupMillis, cleanupMillis, TimeUnit.MILLISECONDS);
    scheduler.scheduleWithFixedDelay(h2, 1, 1, TimeUnit.SECONDS);
    return scheduler;
  }

  @Bean
  DisposableBean retentionSchedulerShutdown(ScheduledExecutorService retentionScheduler) {
    return () -> {
      retentionScheduler.shutdown();
      retentionScheduler.awaitTermination(30, TimeUnit.SECONDS);
    };
  }

  @Bean
  AbstractProcessEnginePlugin leanHistoryPlugin(RetentionProperties properties) {
    return new AbstractProcessEnginePlugin() {
      @Override
      public void preInit(ProcessEngineConfigurationImpl configuration) {
        configuration.setHistoryEventHandler(new LeanHistoryEventHandler(properties.engineLogs()));
      }
    };
  }
}

package dev.flowline.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.FlowlineTest;
import dev.flowline.actions.ActionLogs;
import dev.flowline.actions.s3.ObjectStore;
import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.PipelineService;
import dev.flowline.engine.StartRequest;
import dev.flowline.pipeline.PipelineCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Bounded storage: Flowline's records and logs go when they are older than the retention, Camunda's history rows
 * carry a removal time that Camunda's history cleanup honours, and the history nobody reads is not written.
 * Time moves with the engine's clock (ClockUtil), which Flowline's clock follows.
 */
@FlowlineTest
class RetentionTest {
  private static final String SOURCE_BUCKET = "retention-source";
  private static final String SITE_BUCKET = "retention-site";

  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ObjectStore objects;
  @Autowired JdbcTemplate jdbc;
  @Autowired ActionLogs logs;
  @Autowired RetentionCleanup cleanup;
  @Autowired RetentionProperties retention;
  @Autowired HistoryService history;
  @Value("${flowline.data-dir}") Path dataDir;

  @BeforeEach
  void sourceObject() throws Exception {
    Files.createDirectories(dataDir.resolve("s3").resolve(SOURCE_BUCKET));
    Files.createDirectories(dataDir.resolve("s3").resolve(SITE_BUCKET));
    Path zip = Files.createTempFile("retention-source", ".zip");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry("index.html"));
      out.write("<h1>retention</h1>".getBytes());
      out.closeEntry();
    }
    objects.putObject(SOURCE_BUCKET, "site.zip", zip, ObjectStore.PutOptions.contentType("application/zip"));
    Files.delete(zip);
  }

  @AfterEach
  void resetClock() {
    ClockUtil.reset();
  }

  @Test
  @DisplayName("an ended execution older than the retention loses its records and logs; a newer one keeps them")
  void cleanupRemovesOnlyExecutionsOlderThanTheRetention() throws Exception {
    assertThat(retention.executionHistory()).as("the default keeps what CodePipeline keeps: 12 months")
        .isEqualTo(Duration.ofDays(365));
    String pipeline = createPipeline();
    String old = awaitEnd(pipeline, startedAt(pipeline, Instant.now()));
    Instant later = Instant.now().plus(Duration.ofDays(200));
    String recent = awaitEnd(pipeline, startedAt(pipeline, later));
    List<String> oldActions = actionIds(old);
    List<String> recentActions = actionIds(recent);
    assertThat(oldActions).hasSize(2).allSatisfy(id -> assertThat(logs.file(id)).exists());
    assertThat(recentActions).hasSize(2).allSatisfy(id -> assertThat(logs.file(id)).exists());
    // a job handed out for an action of each (as PollForJobs or the Lambda action would have)
    insertJob(oldActions.get(1));
    insertJob(recentActions.get(1));

    ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(366))));
    int deleted = cleanup.cleanUp();

    assertThat(deleted).as("executions deleted").isGreaterThanOrEqualTo(2);
    assertThat(count("flowline_pipeline_execution", "id", old)).isZero();
    assertThat(count("flowline_stage_execution", "pipeline_execution_id", old)).isZero();
    assertThat(count("flowline_action_execution", "pipeline_execution_id", old)).isZero();
    assertThat(oldActions).allSatisfy(id -> assertThat(logs.file(id)).doesNotExist());
    assertThat(count("flowline_pipeline_execution", "id", recent)).isOne();
    assertThat(count("flowline_stage_execution", "pipeline_execution_id", recent)).isEqualTo(2);
    assertThat(count("flowline_action_execution", "pipeline_execution_id", recent)).isEqualTo(2);
    assertThat(recentActions).allSatisfy(id -> assertThat(logs.file(id)).exists());
    assertThat(count("flowline_job", "action_execution_id", oldActions.get(1))).isZero();
    assertThat(count("flowline_job", "action_execution_id", recentActions.get(1))).isOne();
    assertThat(cleanup.cleanUp()).as("a second pass finds nothing more to delete").isZero();
  }

  @Test
  @DisplayName("an execution still in progress is kept however old it is")
  void cleanupKeepsExecutionsInProgress() throws Exception {
    String pipeline = createPipeline();
    String ended = awaitEnd(pipeline, startedAt(pipeline, Instant.now()));
    jdbc.update("UPDATE flowline_pipeline_execution SET status = 'InProgress' WHERE id = ?", ended);
    try {
      ClockUtil.setCurrentTime(Date.from(Instant.now().plus(Duration.ofDays(400))));
      cleanup.cleanUp();
      assertThat(count("flowline_pipeline_execution", "id", ended)).isOne();
      assertThat(count("flowline_action_execution", "pipeline_execution_id", ended)).isEqualTo(2);
    } finally {
      jdbc.update("UPDATE flowline_pipeline_execution SET status = 'Succeeded' WHERE id = ?", ended);
    }
  }

  @Test
  @DisplayName("Camunda's history rows carry a removal time, the cleanup job is scheduled and removes them when due")
  void camundaHistoryIsRemovedByItsCleanupJobAtTheRemovalTime() throws Exception {
    String pipeline = createPipeline();
    String executionId = awaitEnd(pipeline, startedAt(pipeline, Instant.now()));
    String processInstanceId = jdbc.queryForObject("SELECT process_instance_id FROM flowline_pipeline_execution "
        + "WHERE id = ?", String.class, executionId);
    HistoricProcessInstance instance = history.createHistoricProcessInstanceQuery()
        .processInstanceId(processInstanceId).singleResult();
    assertThat(instance.getRemovalTime()).as("removal time = start + history time to live (P180D)")
        .isEqualTo(Date.from(instance.getStartTime().toInstant().plus(Duration.ofDays(180))));
    List<HistoricActivityInstance> activities = history.createHistoricActivityInstanceQuery()
        .processInstanceId(processInstanceId).list();
    assertThat(activities).extracting(HistoricActivityInstance::getActivityType)
        .as("stages and actions stay in Camunda's history, gateways and plain start/end events do not")
        .contains("subProcess", "serviceTask").doesNotContain("exclusiveGateway", "parallelGateway", "startEvent",
            "noneEndEvent");
    assertThat(activities).allSatisfy(a -> assertThat(a.getRemovalTime()).isEqualTo(instance.getRemovalTime()));
    assertThat(history.createHistoricJobLogQuery().processInstanceId(processInstanceId).count())
        .as("job log rows").isZero();
    assertThat(history.createHistoricExternalTaskLogQuery().processInstanceId(processInstanceId).count())
        .as("external task log rows").isZero();
    assertThat(history.findHistoryCleanupJobs()).as("the engine scheduled its history cleanup").isNotEmpty();

    ClockUtil.setCurrentTime(Date.from(instance.getRemovalTime().toInstant().plus(Duration.ofHours(1))));
    history.cleanUpHistoryAsync(true);
    long deadline = System.currentTimeMillis() + 60_000;
    while (history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).count() > 0
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
    assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId).count())
        .as("the historic process instance after its removal time").isZero();
    assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId).count())
        .as("its historic activity instances").isZero();
  }

  private String createPipeline() {
    String name = "retention-" + UUID.randomUUID().toString().substring(0, 8);
    pipelines.create(PipelineCodec.read("""
        { "pipeline": {
            "name": "%s",
            "roleArn": "arn:aws:iam::123456789012:role/retention",
            "artifactStore": { "type": "S3", "location": "flowline-artifacts" },
            "pipelineType": "V2",
            "executionMode": "PARALLEL",
            "stages": [
              { "name": "Source", "actions": [ {
                  "name": "Source",
                  "actionTypeId": { "category": "Source", "owner": "AWS", "provider": "S3", "version": "1" },
                  "configuration": { "S3Bucket": "%s", "S3ObjectKey": "site.zip", "PollForSourceChanges": "false" },
                  "outputArtifacts": [ { "name": "Site" } ] } ] },
              { "name": "Deploy", "actions": [ {
                  "name": "Deploy",
                  "actionTypeId": { "category": "Deploy", "owner": "AWS", "provider": "S3", "version": "1" },
                  "configuration": { "BucketName": "%s", "Extract": "true" },
                  "inputArtifacts": [ { "name": "Site" } ] } ] } ] } }
        """.formatted(name, SOURCE_BUCKET, SITE_BUCKET)));
    return name;
  }

  /** Waits for the execution CreatePipeline started, then starts one with the engine's clock at {@code time}. */
  private String startedAt(String pipeline, Instant time) throws InterruptedException {
    awaitNoneOpen(pipeline);
    ClockUtil.setCurrentTime(Date.from(time));
    return executions.start(pipeline, new StartRequest(Map.of(), null, List.of(), "Test", "retention"));
  }

  private String awaitEnd(String pipeline, String executionId) throws InterruptedException {
    awaitNoneOpen(pipeline);
    assertThat(jdbc.queryForObject("SELECT status FROM flowline_pipeline_execution WHERE id = ?", String.class,
        executionId)).isEqualTo("Succeeded");
    return executionId;
  }

  private void insertJob(String actionExecutionId) {
    jdbc.update("INSERT INTO flowline_job (id, external_task_id, worker_id, action_execution_id, action_type, nonce,"
        + " status, data, access_key_id, deadline, action_deadline, created, updated) VALUES (?, 'task', 'worker', ?,"
        + " 'Build/Custom/Retained/1', 'nonce', 'Succeeded', '{}', ?, 0, 0, 0, 0)", UUID.randomUUID().toString(),
        actionExecutionId, "FLJT" + actionExecutionId.replace("-", "").substring(0, 16).toUpperCase());
  }

  private void awaitNoneOpen(String pipeline) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      Integer open = jdbc.queryForObject("SELECT COUNT(*) FROM flowline_pipeline_execution WHERE pipeline_name = ? "
          + "AND status IN ('InProgress', 'Stopping')", Integer.class, pipeline);
      if (open != null && open == 0) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("executions of " + pipeline + " did not end within a minute");
  }

  private List<String> actionIds(String executionId) {
    return jdbc.queryForList("SELECT id FROM flowline_action_execution WHERE pipeline_execution_id = ?", String.class,
        executionId);
  }

  private int count(String table, String column, String id) {
    Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE " + column + " = ?", Integer.class,
        id);
    return count == null ? 0 : count;
  }
}

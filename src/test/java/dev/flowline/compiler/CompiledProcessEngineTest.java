package dev.flowline.compiler;

import static dev.flowline.compiler.Declarations.COMMANDS;
import static dev.flowline.compiler.Declarations.S3_SOURCE;
import static dev.flowline.compiler.Declarations.action;
import static dev.flowline.compiler.Declarations.pipeline;
import static dev.flowline.compiler.Declarations.stage;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The compiled process deployed to and run by a real in-memory Camunda engine (H2, history full, no
 * job executor: the test executes jobs and plays the external-task worker and the approver itself).
 */
class CompiledProcessEngineTest {

  private static final String WORKER = "compiler-test-worker";
  private static final StageGateFixture GATE = new StageGateFixture();
  private static ProcessEngine engine;

  private final PipelineCompiler compiler = new PipelineCompiler(CompilerOptions.defaults());
  private Instant now = Instant.parse("2030-01-01T00:00:00Z");

  @BeforeAll
  static void startEngine() {
    String name = "compiler-" + UUID.randomUUID();
    StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
    configuration.setProcessEngineName(name);
    configuration.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_CREATE_DROP);
    configuration.setHistory(ProcessEngineConfiguration.HISTORY_FULL);
    configuration.setJobExecutorActivate(false);
    configuration.setMetricsEnabled(false);
    configuration.setBeans(Map.of("flowlineStageGate", GATE));
    engine = configuration.buildProcessEngine();
  }

  @AfterAll
  static void stopEngine() {
    engine.close();
  }

  @BeforeEach
  void freshGate() {
    GATE.reset();
    ClockUtil.setCurrentTime(Date.from(now));
  }

  @AfterEach
  void realClock() {
    ClockUtil.reset();
  }

  @Test
  @DisplayName("given open gates, an execution passes every stage and action in order and ends at End")
  void executionSucceeds() {
    CompiledPipeline demo = deploy(Declarations.fixture("demo-pipeline"));
    String id = start(demo);

    drive(id);

    assertThat(ended(id)).isTrue();
    assertPassedInOrder(id, demo,
        List.of(Set.of("Start"), Set.of("Gate_Source"), Set.of("Stage_Source"), Set.of("Action_Source_Checkout"),
            Set.of("Gate_Build"), Set.of("Stage_Build"), Set.of("Action_Build_Compile"),
            Set.of("Gate_Test"), Set.of("Stage_Test"), Set.of("Action_Test_UnitTests", "Action_Test_Lint"),
            Set.of("Gate_Approval"), Set.of("Stage_Approval"), Set.of("Action_Approval_Release"),
            Set.of("Gate_Deploy"), Set.of("Stage_Deploy"), Set.of("Action_Deploy_Publish"), Set.of("End")));
    assertThat(GATE.asked()).containsExactly("Source", "Build", "Test", "Approval", "Deploy");
  }

  @Test
  @DisplayName("given an action reports the BPMN error ActionFailed, the stage is cancelled and the execution ends at End_Failed_<S>")
  void actionFailureEndsAtStageFailedEnd() {
    CompiledPipeline demo = deploy(Declarations.fixture("demo-pipeline"));
    String id = start(demo);
    driveUntil(id, () -> externalTaskCount(id, "Action_Build_Compile") == 1);

    List<LockedExternalTask> build = fetch("Compute/AWS/Commands/1");
    assertThat(build).extracting(LockedExternalTask::getActivityId).containsExactly("Action_Build_Compile");
    engine.getExternalTaskService().handleBpmnError(build.get(0).getId(), WORKER, "ActionFailed", "build broke");
    drive(id);

    assertThat(ended(id)).isTrue();
    assertThat(history(id)).extracting(HistoricActivityInstance::getActivityId)
        .contains("Failed_Build", "End_Failed_Build").doesNotContain("End", "Gate_Test", "Stage_Test");
    assertThat(activity(id, "Stage_Build").isCanceled()).isTrue();
    assertThat(activity(id, "End_Failed_Build").getEndTime()).isNotNull();
  }

  @Test
  @DisplayName("given nobody decides an approval for 7 days, its timer fires and the execution ends at End_Failed_<S>")
  void approvalTimeoutEndsAtStageFailedEnd() {
    CompiledPipeline demo = deploy(Declarations.fixture("demo-pipeline"));
    String id = start(demo);
    driveUntil(id, () -> engine.getTaskService().createTaskQuery().processInstanceId(id).count() == 1);

    Instant asked = engine.getTaskService().createTaskQuery().processInstanceId(id).singleResult()
        .getCreateTime().toInstant();
    Job timer = engine.getManagementService().createJobQuery().processInstanceId(id).timers()
        .activityId("Timeout_Approval_Release").singleResult();
    assertThat(timer.getDuedate()).isEqualTo(Date.from(asked.plus(Duration.ofDays(7))));
    ClockUtil.setCurrentTime(Date.from(asked.plus(Duration.ofDays(7)).minusSeconds(1)));
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(id).executable().count()).isZero();
    ClockUtil.setCurrentTime(Date.from(asked.plus(Duration.ofDays(7)).plusSeconds(1)));
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(id).executable().list())
        .extracting(Job::getId).containsExactly(timer.getId());
    engine.getManagementService().executeJob(timer.getId());

    assertThat(ended(id)).isTrue();
    assertThat(engine.getTaskService().createTaskQuery().processInstanceId(id).count()).isZero();
    assertThat(history(id)).extracting(HistoricActivityInstance::getActivityId)
        .contains("Timeout_Approval_Release", "TimedOut_Approval_Release", "Failed_Approval", "End_Failed_Approval")
        .doesNotContain("Gate_Deploy", "End");
    assertThat(activity(id, "Action_Approval_Release").isCanceled()).isTrue();
  }

  @Test
  @DisplayName("given a closed gate, the execution waits at Wait_<S> until flowline.admit.<S> is correlated")
  void closedGateParksExecutionUntilAdmitted() {
    CompiledPipeline demo = deploy(Declarations.fixture("demo-pipeline"));
    GATE.close("Build");
    String id = start(demo);
    drive(id);

    assertThat(ended(id)).isFalse();
    assertThat(engine.getRuntimeService().createExecutionQuery().processInstanceId(id).activityId("Wait_Build").count())
        .isOne();
    assertThat(engine.getRuntimeService().createEventSubscriptionQuery().processInstanceId(id)
        .eventName("flowline.admit.Build").count()).isOne();
    assertThat(history(id)).extracting(HistoricActivityInstance::getActivityId).doesNotContain("Stage_Build");

    engine.getRuntimeService().createMessageCorrelation("flowline.admit.Build").processInstanceId(id).correlate();
    assertThat(history(id)).as("the admitted execution enters the stage in the correlating transaction")
        .extracting(HistoricActivityInstance::getActivityId).contains("Stage_Build");
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(id).activityId("Action_Build_Compile")
        .count()).as("and stops at its first action's async continuation: nothing of the action runs there").isOne();
    assertThat(engine.getManagementService().createJobQuery().processInstanceId(id).count()).isOne();
    assertThat(history(id)).extracting(HistoricActivityInstance::getActivityId)
        .doesNotContain("Action_Build_Compile");
    drive(id);

    assertThat(ended(id)).isTrue();
    assertPassedInOrder(id, demo, List.of(Set.of("Start"), Set.of("Gate_Source"), Set.of("Stage_Source"),
        Set.of("Action_Source_Checkout"), Set.of("Gate_Build"), Set.of("Wait_Build"), Set.of("Stage_Build"),
        Set.of("Action_Build_Compile"), Set.of("Gate_Test"), Set.of("Stage_Test"),
        Set.of("Action_Test_UnitTests", "Action_Test_Lint"), Set.of("Gate_Approval"), Set.of("Stage_Approval"),
        Set.of("Action_Approval_Release"), Set.of("Gate_Deploy"), Set.of("Stage_Deploy"),
        Set.of("Action_Deploy_Publish"), Set.of("End")));
  }

  @Test
  @DisplayName("given a stage name with a quote and an @, the gate hands the exact name to flowlineStageGate")
  void stageNameReachesGateUnchanged() {
    CompiledPipeline compiled = deploy(pipeline("quoted", stage("Source", action("S", S3_SOURCE, 1)),
        stage("it's@EU", action("B", COMMANDS, 1))));
    GATE.close("it's@EU");
    String id = start(compiled);
    drive(id);

    assertThat(GATE.asked()).containsExactly("Source", "it's@EU");
    engine.getRuntimeService().createMessageCorrelation("flowline.admit.it's@EU").processInstanceId(id).correlate();
    drive(id);
    assertThat(ended(id)).isTrue();
  }

  @Test
  @DisplayName("deploying the same compiled XML twice, or the same pipeline at another version, yields one definition")
  void duplicateDeploymentsAreFiltered() {
    CompiledPipeline v1 = compiler.compile(Declarations.fixture("multi-run-order").withVersion(1));
    CompiledPipeline v7 = compiler.compile(Declarations.fixture("multi-run-order").withVersion(7));
    Deployment first = deployXml(v1);
    Deployment again = deployXml(v1);
    Deployment later = deployXml(v7);

    assertThat(engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(v1.processKey()).count()).isOne();
    assertThat(again.getId()).isEqualTo(first.getId());
    assertThat(later.getId()).isEqualTo(first.getId());

    CompiledPipeline changed = compiler.compile(pipeline("multi-run-order", stage("Source", action("S", S3_SOURCE, 1)),
        stage("Build", action("B", COMMANDS, 1))));
    deployXml(changed);
    assertThat(engine.getRepositoryService().createProcessDefinitionQuery()
        .processDefinitionKey(v1.processKey()).count()).isEqualTo(2);
  }

  private CompiledPipeline deploy(dev.flowline.pipeline.PipelineDeclaration declaration) {
    CompiledPipeline compiled = compiler.compile(declaration);
    deployXml(compiled);
    return compiled;
  }

  private Deployment deployXml(CompiledPipeline compiled) {
    return engine.getRepositoryService().createDeployment()
        .name(compiled.processKey())
        .enableDuplicateFiltering(false)
        .addString(compiled.processKey() + ".bpmn", compiled.xml())
        .deploy();
  }

  private String start(CompiledPipeline compiled) {
    return engine.getRuntimeService().startProcessInstanceByKey(compiled.processKey()).getId();
  }

  /** Executes jobs, works external tasks and approves user tasks until nothing is left to do. */
  private void drive(String id) {
    boolean progressed = true;
    while (progressed) {
      progressed = step(id);
    }
  }

  private void driveUntil(String id, BooleanSupplier reached) {
    while (!reached.getAsBoolean()) {
      assertThat(step(id)).as("the execution progresses").isTrue();
    }
  }

  /** One kind of work a second: due jobs first, then external tasks, then approvals. */
  private boolean step(String id) {
    tick();
    return runJobs(id) > 0 || completeExternalTasks(id) > 0 || approve(id) > 0;
  }

  private long externalTaskCount(String id, String activityId) {
    return engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(id)
        .activityId(activityId).count();
  }

  /** Each step one second later, so that history orders the steps by start time. */
  private void tick() {
    now = now.plusSeconds(1);
    ClockUtil.setCurrentTime(Date.from(now));
  }

  private int runJobs(String id) {
    List<Job> jobs = engine.getManagementService().createJobQuery().processInstanceId(id).executable().list();
    jobs.forEach(job -> engine.getManagementService().executeJob(job.getId()));
    return jobs.size();
  }

  private int completeExternalTasks(String id) {
    List<String> topics = engine.getExternalTaskService().createExternalTaskQuery().processInstanceId(id)
        .notLocked().list().stream().map(t -> t.getTopicName()).distinct().sorted().toList();
    int done = 0;
    for (String topic : topics) {
      for (LockedExternalTask task : fetch(topic)) {
        engine.getExternalTaskService().complete(task.getId(), WORKER);
        done++;
      }
    }
    return done;
  }

  private List<LockedExternalTask> fetch(String topic) {
    return engine.getExternalTaskService().fetchAndLock(10, WORKER).topic(topic, 60_000).execute();
  }

  private int approve(String id) {
    List<Task> tasks = engine.getTaskService().createTaskQuery().processInstanceId(id).list();
    for (Task task : tasks) {
      assertThat(engine.getTaskService().createTaskQuery().taskId(task.getId())
          .taskCandidateGroup("flowline-approvers").count()).as("offered to the approvers").isOne();
      engine.getTaskService().complete(task.getId(), Map.of("approved", true, "approvalSummary", "ship it"));
    }
    return tasks.size();
  }

  private boolean ended(String id) {
    return engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(id).count() == 0;
  }

  private List<HistoricActivityInstance> history(String id) {
    List<HistoricActivityInstance> list = new ArrayList<>(engine.getHistoryService()
        .createHistoricActivityInstanceQuery().processInstanceId(id).orderPartiallyByOccurrence().asc().list());
    list.sort(Comparator.comparing(HistoricActivityInstance::getStartTime));
    return list;
  }

  private HistoricActivityInstance activity(String id, String activityId) {
    return engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(id)
        .activityId(activityId).singleResult();
  }

  /** The elements the engine addresses, as passed; parallel actions may pass in either order. */
  private void assertPassedInOrder(String id, CompiledPipeline compiled, List<Set<String>> steps) {
    List<String> passed = history(id).stream().map(HistoricActivityInstance::getActivityId)
        .filter(compiled.elements()::containsKey).toList();
    List<Set<String>> actual = new ArrayList<>();
    int at = 0;
    for (Set<String> step : steps) {
      int end = Math.min(passed.size(), at + step.size());
      actual.add(Set.copyOf(passed.subList(at, end)));
      at = end;
    }
    assertThat(actual).as("passed " + passed).isEqualTo(steps);
    assertThat(passed).hasSize(at);
  }
}

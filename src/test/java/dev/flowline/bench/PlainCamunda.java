package dev.flowline.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.jobexecutor.DefaultJobExecutor;
import org.camunda.bpm.engine.impl.persistence.StrongUuidGenerator;
import org.camunda.bpm.engine.spring.SpringTransactionsProcessEngineConfiguration;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;
import org.camunda.bpm.model.bpmn.builder.ProcessBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Plain Camunda 7 in the same JVM: its own engine (no Flowline plugin, listeners or tables) on its own
 * in-memory H2, configured as Flowline's application.yml configures the starter's engine (history full,
 * job executor 4/8 threads, queue 16, 8 jobs per acquisition, 100 ms wait, 1 s max wait, UUID ids, Hikari
 * pool of 20), running a process of the benchmark pipeline's shape: four embedded sub-processes, five
 * external tasks with asyncBefore and asyncAfter, one parallel pair.
 */
final class PlainCamunda implements Subject, AutoCloseable {
  static final List<String> TOPICS = List.of("Source/Custom/NoOp/1", "Build/Custom/NoOp/1", "Test/Custom/NoOp/1",
      "Deploy/Custom/NoOp/1");

  private final String name;
  private final HikariDataSource dataSource;
  private final ProcessEngine engine;
  private final JdbcTemplate jdbc;
  private final PlainWorker worker;
  private final boolean stageAsyncBefore;
  private final String singleDefinition;
  private int bursts;

  /**
   * @param stageAsyncBefore also put asyncBefore on each sub-process, as Flowline's compiler does (used only
   *     to attribute the cost of that difference)
   * @param springTransactions run the engine's commands in Spring-managed transactions, as the Camunda Spring
   *     Boot starter (and so Flowline) does (used only to attribute the cost of that difference)
   */
  PlainCamunda(String name, String database, int workerThreads, boolean stageAsyncBefore,
      boolean springTransactions) {
    this.name = name;
    this.stageAsyncBefore = stageAsyncBefore;
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl("jdbc:h2:mem:" + database + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=256");
    pool.setUsername("sa");
    pool.setPassword("");
    pool.setMaximumPoolSize(20);
    pool.setPoolName(database);
    dataSource = new HikariDataSource(pool);

    DefaultJobExecutor jobExecutor = new DefaultJobExecutor();
    jobExecutor.setCorePoolSize(4);
    jobExecutor.setMaxPoolSize(8);
    jobExecutor.setQueueSize(16);
    jobExecutor.setMaxJobsPerAcquisition(8);
    jobExecutor.setWaitTimeInMillis(100);
    jobExecutor.setMaxWait(1000);

    ProcessEngineConfigurationImpl configuration;
    if (springTransactions) {
      SpringTransactionsProcessEngineConfiguration spring = new SpringTransactionsProcessEngineConfiguration();
      spring.setTransactionManager(new DataSourceTransactionManager(dataSource));
      configuration = spring;
    } else {
      configuration = new StandaloneInMemProcessEngineConfiguration();
    }
    configuration.setProcessEngineName(database);
    configuration.setDataSource(dataSource);
    configuration.setDatabaseSchemaUpdate("true");
    configuration.setHistory("full");
    configuration.setIdGenerator(new StrongUuidGenerator());
    configuration.setJobExecutor(jobExecutor);
    configuration.setJobExecutorActivate(true);
    configuration.setEnforceHistoryTimeToLive(true);
    // as Flowline's application.yml: removal time from the start, no rewrite of the history when an instance ends
    configuration.setHistoryRemovalTimeStrategy("start");
    engine = configuration.buildProcessEngine();
    jdbc = new JdbcTemplate(dataSource);
    worker = new PlainWorker(engine.getExternalTaskService(), TOPICS, workerThreads);
    worker.start();
    singleDefinition = deploy("PlainSingle");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  private String deploy(String key) {
    return engine.getRepositoryService().createDeployment().addModelInstance(key + ".bpmn", model(key))
        .deployWithResult().getDeployedProcessDefinitions().get(0).getId();
  }

  BpmnModelInstance model(String key) {
    ProcessBuilder process = Bpmn.createExecutableProcess(key);
    process.camundaHistoryTimeToLive(180);
    AbstractFlowNodeBuilder<?, ?> main = process.startEvent("Start");
    main = stage(main, "Source", List.of("Source"), TOPICS.get(0));
    main = stage(main, "Build", List.of("Build"), TOPICS.get(1));
    main = stage(main, "Test", List.of("UnitTests", "LintHtml"), TOPICS.get(2));
    main = stage(main, "Deploy", List.of("Deploy"), TOPICS.get(3));
    return main.endEvent("End").done();
  }

  private AbstractFlowNodeBuilder<?, ?> stage(AbstractFlowNodeBuilder<?, ?> before, String stage,
      List<String> actions, String topic) {
    var subProcess = before.subProcess("Stage_" + stage);
    if (stageAsyncBefore) {
      subProcess.camundaAsyncBefore();
    }
    var inside = subProcess.embeddedSubProcess().startEvent("Stage_" + stage + "_Start");
    String end = "Stage_" + stage + "_End";
    if (actions.size() == 1) {
      return action(inside, stage, actions.get(0), topic).endEvent(end).subProcessDone();
    }
    String fork = "Fork_" + stage;
    String join = "Join_" + stage;
    var last = action(inside.parallelGateway(fork), stage, actions.get(0), topic).parallelGateway(join).endEvent(end);
    for (String other : actions.subList(1, actions.size())) {
      action(inside.moveToNode(fork), stage, other, topic).connectTo(join);
    }
    return last.subProcessDone();
  }

  private static AbstractFlowNodeBuilder<?, ?> action(AbstractFlowNodeBuilder<?, ?> from, String stage, String action,
      String topic) {
    return from.serviceTask("Action_" + stage + "_" + action).camundaExternalTask(topic).camundaAsyncBefore()
        .camundaAsyncAfter();
  }

  @Override
  public Results.Burst burst(int count) throws Exception {
    worker.listen(true);
    try {
      return measureBurst(count);
    } finally {
      worker.listen(false);
    }
  }

  private Results.Burst measureBurst(int count) throws Exception {
    String definition = deploy("PlainBurst" + (++bursts));
    CpuClock cpu = CpuClock.now();
    long t0 = System.currentTimeMillis();
    for (int i = 0; i < count; i++) {
      engine.getRuntimeService().startProcessInstanceById(definition);
    }
    long submitted = System.currentTimeMillis() - t0;
    long deadline = System.currentTimeMillis() + Waits.BURST_PATIENCE_MILLIS;
    while (openInstances(definition) > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(Waits.BURST_POLL_MILLIS);
    }
    CpuClock cpuEnd = CpuClock.now();
    List<Long> durations = new ArrayList<>();
    long lastEnd = t0;
    int unfinished = 0;
    int other = 0;
    for (Map<String, Object> row : jdbc.queryForList("SELECT /*bench*/ START_TIME_, END_TIME_, STATE_ "
        + "FROM ACT_HI_PROCINST WHERE PROC_DEF_ID_ = ?", definition)) {
      Timestamp end = (Timestamp) row.get("END_TIME_");
      if (end == null) {
        unfinished++;
      } else if ("COMPLETED".equals(row.get("STATE_"))) {
        durations.add(end.getTime() - ((Timestamp) row.get("START_TIME_")).getTime());
        lastEnd = Math.max(lastEnd, end.getTime());
      } else {
        other++;
      }
    }
    return new Results.Burst(name, count, submitted, lastEnd - t0, durations.size(), 0, other, unfinished,
        (long) durations.size() * BenchPipelines.ACTIONS, durations, 0, 0, null).withCpu(cpu, cpuEnd);
  }

  private int openInstances(String definition) {
    Integer open = jdbc.queryForObject("SELECT /*bench*/ COUNT(*) FROM ACT_HI_PROCINST WHERE PROC_DEF_ID_ = ? "
        + "AND END_TIME_ IS NULL", Integer.class, definition);
    return open == null ? 0 : open;
  }

  @Override
  public String singleProcessKey() {
    return "PlainSingle";
  }

  @Override
  public long single() throws Exception {
    worker.listen(true);
    try {
      return measureSingle();
    } finally {
      worker.listen(false);
    }
  }

  private long measureSingle() throws Exception {
    String id = engine.getRuntimeService().startProcessInstanceById(singleDefinition).getId();
    long deadline = System.currentTimeMillis() + Waits.SINGLE_PATIENCE_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      List<Map<String, Object>> rows = jdbc.queryForList("SELECT /*bench*/ START_TIME_, END_TIME_, STATE_ "
          + "FROM ACT_HI_PROCINST WHERE ID_ = ?", id);
      if (!rows.isEmpty() && rows.get(0).get("END_TIME_") != null) {
        Map<String, Object> row = rows.get(0);
        return "COMPLETED".equals(row.get("STATE_"))
            ? ((Timestamp) row.get("END_TIME_")).getTime() - ((Timestamp) row.get("START_TIME_")).getTime() : -1;
      }
      Thread.sleep(Waits.SINGLE_POLL_MILLIS);
    }
    return -1;
  }

  @Override
  public void close() throws InterruptedException {
    worker.stop();
    engine.close();
    dataSource.close();
  }
}

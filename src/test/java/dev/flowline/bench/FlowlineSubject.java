package dev.flowline.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/** Flowline running the benchmark pipeline in one execution mode with one kind of work. */
final class FlowlineSubject implements Subject {
  private final FlowlineApp app;
  private final String mode;
  private final BenchPipelines.Work work;
  private final String prefix;
  private String singlePipeline;
  private int bursts;

  FlowlineSubject(FlowlineApp app, String mode, BenchPipelines.Work work) {
    this.app = app;
    this.mode = mode;
    this.work = work;
    this.prefix = "bench-" + work.name().toLowerCase(Locale.ROOT) + "-" + mode.toLowerCase(Locale.ROOT);
  }

  @Override
  public String name() {
    return "Flowline " + (work == BenchPipelines.Work.NOOP ? "no-op" : "Commands") + " " + mode;
  }

  String mode() {
    return mode;
  }

  BenchPipelines.Work work() {
    return work;
  }

  @Override
  public DataSource dataSource() {
    return app.dataSource;
  }

  @Override
  public Results.Burst burst(int count) throws Exception {
    String pipeline = prefix + "-burst-" + (++bursts);
    app.create(pipeline, mode, work);
    CpuClock cpu = CpuClock.now();
    long t0 = System.currentTimeMillis();
    for (int i = 0; i < count; i++) {
      app.start(pipeline);
    }
    long submitted = System.currentTimeMillis() - t0;
    long deadline = System.currentTimeMillis() + Waits.BURST_PATIENCE_MILLIS;
    while (open(pipeline) > 0 && System.currentTimeMillis() < deadline) {
      Thread.sleep(Waits.BURST_POLL_MILLIS);
    }
    CpuClock cpuEnd = CpuClock.now();
    List<Long> durations = new ArrayList<>();
    int superseded = 0;
    int failed = 0;
    int unfinished = 0;
    long lastEnd = t0;
    for (Map<String, Object> row : app.jdbc.queryForList("SELECT /*bench*/ status, start_time, last_update_time "
        + "FROM flowline_pipeline_execution WHERE pipeline_name = ? AND trigger_type = ?", pipeline,
        FlowlineApp.TRIGGER)) {
      String status = (String) row.get("STATUS");
      long start = ((Number) row.get("START_TIME")).longValue();
      long end = ((Number) row.get("LAST_UPDATE_TIME")).longValue();
      switch (status) {
        case "InProgress", "Stopping" -> unfinished++;
        case "Succeeded" -> durations.add(end - start);
        case "Superseded" -> superseded++;
        default -> failed++;
      }
      if (!status.equals("InProgress") && !status.equals("Stopping")) {
        lastEnd = Math.max(lastEnd, end);
      }
    }
    Long actions = app.jdbc.queryForObject("SELECT /*bench*/ COUNT(*) FROM flowline_action_execution a "
        + "JOIN flowline_pipeline_execution e ON e.id = a.pipeline_execution_id "
        + "WHERE e.pipeline_name = ? AND e.trigger_type = ? AND a.status = 'Succeeded'", Long.class, pipeline,
        FlowlineApp.TRIGGER);
    return new Results.Burst(name(), count, submitted, lastEnd - t0, durations.size(), superseded, failed, unfinished,
        actions == null ? 0 : actions, durations, 0, 0, "PARALLEL".equals(mode) ? null : stageOccupancy(pipeline))
        .withCpu(cpu, cpuEnd);
  }

  /**
   * With a stage lock, a stage serves one execution at a time, so a burst can go no faster than its slowest
   * stage: the time an execution holds it plus the hand-over (the release to the next execution's stage start).
   */
  private String stageOccupancy(String pipeline) {
    Map<String, List<long[]>> byStage = new LinkedHashMap<>();
    app.jdbc.query("SELECT /*bench*/ s.stage_name, s.start_time, s.last_update_time FROM flowline_stage_execution s "
        + "JOIN flowline_pipeline_execution e ON e.id = s.pipeline_execution_id WHERE e.pipeline_name = ? "
        + "AND e.trigger_type = ? AND s.status = 'Succeeded' ORDER BY s.seq", rs -> {
          byStage.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
              .add(new long[] {rs.getLong(2), rs.getLong(3)});
        }, pipeline, FlowlineApp.TRIGGER);
    StringBuilder text = new StringBuilder("held / hand-over ms per stage:");
    double slowest = 0;
    String bottleneck = "";
    for (var stage : byStage.entrySet()) {
      List<long[]> spans = stage.getValue();
      spans.sort(Comparator.comparingLong(span -> span[0]));
      double held = spans.stream().mapToLong(span -> span[1] - span[0]).average().orElse(0);
      double handOver = 0;
      for (int i = 1; i < spans.size(); i++) {
        handOver += Math.max(0, spans.get(i)[0] - spans.get(i - 1)[1]);
      }
      handOver = spans.size() > 1 ? handOver / (spans.size() - 1) : 0;
      text.append(String.format(Locale.ROOT, " %s %.0f / %.0f (n=%d),", stage.getKey(), held, handOver,
          spans.size()));
      if (held + handOver > slowest) {
        slowest = held + handOver;
        bottleneck = stage.getKey();
      }
    }
    return text.append(String.format(Locale.ROOT, " so at most %.1f exec/s through %s", 1000 / slowest, bottleneck))
        .toString();
  }

  private int open(String pipeline) {
    Integer open = app.jdbc.queryForObject("SELECT /*bench*/ COUNT(*) FROM flowline_pipeline_execution "
        + "WHERE pipeline_name = ? AND status IN ('InProgress', 'Stopping')", Integer.class, pipeline);
    return open == null ? 0 : open;
  }

  @Override
  public String singleProcessKey() {
    return dev.flowline.compiler.PipelineCompiler.processKey(prefix + "-single");
  }

  @Override
  public long single() throws Exception {
    if (singlePipeline == null) {
      singlePipeline = prefix + "-single";
      app.create(singlePipeline, mode, work);
    }
    String id = app.start(singlePipeline);
    long deadline = System.currentTimeMillis() + Waits.SINGLE_PATIENCE_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      List<Map<String, Object>> rows = app.jdbc.queryForList("SELECT /*bench*/ status, start_time, last_update_time "
          + "FROM flowline_pipeline_execution WHERE id = ?", id);
      String status = rows.isEmpty() ? "InProgress" : (String) rows.get(0).get("STATUS");
      if (!status.equals("InProgress") && !status.equals("Stopping")) {
        Map<String, Object> row = rows.get(0);
        return status.equals("Succeeded")
            ? ((Number) row.get("LAST_UPDATE_TIME")).longValue() - ((Number) row.get("START_TIME")).longValue() : -1;
      }
      Thread.sleep(Waits.SINGLE_POLL_MILLIS);
    }
    return -1;
  }
}

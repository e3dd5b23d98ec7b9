package dev.flowline.bench;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Where the time of one execution goes, from the engine's own activity history (the same source for plain
 * Camunda and Flowline): for each of the last {@code n} finished instances of a process, the time spent in
 * each kind of step, summed over the instance, then the median over the instances.
 */
final class Timeline {
  static final List<String> SEGMENTS = List.of(
      "start → first stage entered",
      "stage entered → its first action started",
      "action started → completed (worker)",
      "last action completed → stage ended",
      "stage ended → next stage entered",
      "last stage ended → process ended");

  private Timeline() {}

  /** Median milliseconds per segment, in {@link #SEGMENTS} order; empty if no instance finished. */
  static Map<String, Long> of(DataSource dataSource, String processKey, int n) {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    List<Map<String, Object>> instances = jdbc.queryForList("SELECT /*bench*/ ID_, START_TIME_, END_TIME_ "
        + "FROM ACT_HI_PROCINST WHERE PROC_DEF_KEY_ = ? AND END_TIME_ IS NOT NULL ORDER BY START_TIME_ DESC LIMIT ?",
        processKey, n);
    List<long[]> perInstance = new ArrayList<>();
    for (Map<String, Object> instance : instances) {
      perInstance.add(segments(jdbc, (String) instance.get("ID_"), millis(instance.get("START_TIME_")),
          millis(instance.get("END_TIME_"))));
    }
    Map<String, Long> medians = new LinkedHashMap<>();
    if (perInstance.isEmpty()) {
      return medians;
    }
    for (int s = 0; s < SEGMENTS.size(); s++) {
      int segment = s;
      List<Long> values = perInstance.stream().map(v -> v[segment]).sorted().toList();
      medians.put(SEGMENTS.get(s), values.get(values.size() / 2));
    }
    return medians;
  }

  private static long[] segments(JdbcTemplate jdbc, String instanceId, long start, long end) {
    record Activity(String id, String parent, String type, long start, long end) {}
    List<Activity> activities = jdbc.query("SELECT /*bench*/ ID_, PARENT_ACT_INST_ID_, ACT_TYPE_, START_TIME_, END_TIME_ "
            + "FROM ACT_HI_ACTINST WHERE PROC_INST_ID_ = ?",
        (rs, i) -> new Activity(rs.getString(1), rs.getString(2), rs.getString(3), millis(rs.getTimestamp(4)),
            millis(rs.getTimestamp(5))), instanceId);
    List<Activity> stages = activities.stream().filter(a -> a.type().equals("subProcess"))
        .sorted(Comparator.comparingLong(Activity::start)).toList();
    long[] sum = new long[SEGMENTS.size()];
    if (stages.isEmpty()) {
      return sum;
    }
    sum[0] = stages.get(0).start() - start;
    for (int i = 0; i < stages.size(); i++) {
      Activity stage = stages.get(i);
      List<Activity> actions = activities.stream()
          .filter(a -> stage.id().equals(a.parent()) && (a.type().equals("serviceTask") || a.type().equals("userTask")))
          .toList();
      long firstStart = actions.stream().mapToLong(Activity::start).min().orElse(stage.start());
      long lastEnd = actions.stream().mapToLong(Activity::end).max().orElse(stage.end());
      sum[1] += firstStart - stage.start();
      // parallel actions overlap: count the stage's span of actions once, not each action's
      sum[2] += lastEnd - firstStart;
      sum[3] += stage.end() - lastEnd;
      if (i + 1 < stages.size()) {
        sum[4] += stages.get(i + 1).start() - stage.end();
      }
    }
    sum[5] = end - stages.get(stages.size() - 1).end();
    return sum;
  }

  private static long millis(Object timestamp) {
    return timestamp == null ? 0 : ((Timestamp) timestamp).getTime();
  }

  static String format(Map<String, Long> medians) {
    StringBuilder text = new StringBuilder();
    medians.forEach((segment, ms) -> text.append(String.format(Locale.ROOT, "%s %d ms; ", segment, ms)));
    return text.toString();
  }
}

package dev.flowline.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.stream.Stream;

/** The run's figures as Markdown: machine facts, bursts and singles with their ratios to plain Camunda, SQL counts. */
final class Report {
  static final double BURST_TARGET = 0.8;
  static final double SINGLE_TARGET = 1.5;

  private final List<String> header = new ArrayList<>();
  private final List<String> bursts = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<String> singles = new ArrayList<>();
  private final List<String> targets = new ArrayList<>();
  private final List<String> sql = new ArrayList<>();

  Report(BenchSettings settings) {
    header.add("## Run of " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    header.add("");
    header.add("- command: `mvn -o -B -Pbench verify -Dbench.burst=" + settings.burst() + " -Dbench.rounds="
        + settings.rounds() + " -Dbench.singles=" + settings.singles() + " -Dbench.warmup=" + settings.warmup()
        + " -Dbench.modes=" + String.join(",", settings.modes()) + " -Dbench.commands=" + settings.commands() + "`");
    header.add("- machine: " + Runtime.getRuntime().availableProcessors() + " CPUs (nproc), " + cpuModel() + ", "
        + memTotal() + " RAM; " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
    header.add("- java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + " (" + System.getProperty("java.vendor") + "), max heap "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
    header.add("- load average at start: " + loadAverage());
  }

  void line(String text) {
    header.add(text);
  }

  static String loadAverage() {
    return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  void burst(int round, Results.Burst b, Results.Burst plain) {
    if (bursts.isEmpty()) {
      bursts.add("| subject | round | started | submit s | window s | succeeded | superseded | failed/unfinished "
          + "| completed exec/s | settled exec/s | actions/s | p50 ms | p95 ms | CPU ms/exec | plain exec/s "
          + "| ratio completed | ratio settled | ratio CPU/exec |");
      bursts.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    }
    boolean compared = plain != b;
    double plainRate = plain.completedPerSecond();
    bursts.add(String.format(Locale.ROOT, "| %s | %d | %d | %.1f | %.1f | %d | %d | %d/%d | %.1f | %.1f | %.1f | %d "
            + "| %d | %.1f | %.1f | %s | %s | %s |", b.subject(), round, b.started(), b.submitMillis() / 1000.0,
        b.windowMillis() / 1000.0, b.succeeded(), b.superseded(), b.failed(), b.unfinished(), b.completedPerSecond(),
        b.settledPerSecond(), b.actionsPerSecond(), b.p50(), b.p95(), b.cpuPerExecution(), plainRate,
        compared ? ratio(b.completedPerSecond(), plainRate) : "",
        compared ? ratio(b.settledPerSecond(), plainRate) : "",
        compared ? ratio(b.cpuPerExecution(), plain.cpuPerExecution()) : ""));
    if (b.note() != null) {
      notes.add("- " + b.subject() + " (round " + round + "): " + b.note());
    }
  }

  /** Ratios over the rounds as geometric means, with their range; {@code pairs} holds {subject's, plain's}. */
  void burstTarget(String subject, List<Results.Burst[]> pairs, boolean isTarget) {
    double[] completed = pairs.stream().mapToDouble(p -> p[0].completedPerSecond() / p[1].completedPerSecond())
        .toArray();
    double[] settled = pairs.stream().mapToDouble(p -> p[0].settledPerSecond() / p[1].completedPerSecond()).toArray();
    double[] cpu = pairs.stream().mapToDouble(p -> p[0].cpuPerExecution() / p[1].cpuPerExecution()).toArray();
    double c = geometricMean(completed);
    double s = geometricMean(settled);
    String verdict = !isTarget ? "(attribution, no target)"
        : c >= BURST_TARGET ? "met" : s >= BURST_TARGET ? "met for settled executions only" : "MISSED";
    targets.add(String.format(Locale.ROOT, "- burst %s: %.2f× completed %s, %.2f× settled %s (target ≥ %.1f×): %s; "
            + "CPU per settled execution %.2f× plain's %s", subject, c, range(completed), s, range(settled),
        BURST_TARGET, verdict, geometricMean(cpu), range(cpu)));
  }

  private static double geometricMean(double[] values) {
    double logs = 0;
    for (double v : values) {
      logs += Math.log(v);
    }
    return Math.exp(logs / values.length);
  }

  private static String range(double[] values) {
    if (values.length < 2) {
      return "";
    }
    double min = Double.MAX_VALUE;
    double max = 0;
    for (double v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return String.format(Locale.ROOT, "(%.2f–%.2f)", min, max);
  }

  void singles(List<Results.Singles> all) {
    Results.Singles plain = all.get(0);
    singles.add("| subject | n | p50 ms | p95 ms | mean ms | failed | CPU ms/exec | ratio p50 | ratio CPU/exec |");
    singles.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (Results.Singles s : all) {
      singles.add(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.1f | %d | %.1f | %s | %s |", s.subject(),
          s.durations().size(), s.p50(), s.p95(), s.mean(), s.failed(), s.cpuMillisPerExecution(),
          s == plain ? "" : ratio(s.p50(), plain.p50()),
          s == plain ? "" : ratio(s.cpuMillisPerExecution(), plain.cpuMillisPerExecution())));
      if (s != plain && s.subject().startsWith("Flowline no-op")) {
        double r = (double) s.p50() / plain.p50();
        targets.add(String.format(Locale.ROOT, "- single %s: p50 %.2f× plain (target ≤ %.1f×): %s", s.subject(), r,
            SINGLE_TARGET, r <= SINGLE_TARGET ? "met" : "MISSED"));
      }
    }
  }

  /** Median milliseconds per kind of step of one execution alone, per subject (see {@link Timeline}). */
  void timelines(Map<String, Map<String, Long>> bySubject) {
    singles.add("");
    singles.add("Where one execution's time goes (median ms per instance, summed over its stages; engine activity "
        + "history):");
    singles.add("");
    singles.add("| subject | " + String.join(" | ", Timeline.SEGMENTS) + " |");
    singles.add("|---|" + "---:|".repeat(Timeline.SEGMENTS.size()));
    bySubject.forEach((subject, medians) -> singles.add("| " + subject + " | " + String.join(" | ",
        Timeline.SEGMENTS.stream().map(s -> String.valueOf(medians.getOrDefault(s, 0L))).toList()) + " |"));
  }

  void sql(Results.SqlCounts counts) {
    sql.add(String.format(Locale.ROOT, "**%s** — %d executions: %.0f statements per execution (%.0f on Flowline's "
            + "tables, %.0f on Camunda's; %.0f of them job-acquisition/fetch polls)", counts.subject(),
        counts.executions(), counts.perExecution(counts.total()), counts.perExecution(counts.flowline()),
        counts.perExecution(counts.camunda()), counts.perExecution(counts.jobAcquisition())));
    sql.add("");
    sql.add("```");
    sql.add(" per exec   total time  statement (top by cumulative time)");
    sql.addAll(counts.top());
    sql.add("```");
    sql.add("");
  }

  private static String ratio(double flowline, double plain) {
    return plain <= 0 ? "n/a" : String.format(Locale.ROOT, "%.2f×", flowline / plain);
  }

  String markdown() {
    List<String> out = new ArrayList<>(header);
    out.add("- load average at end: " + loadAverage());
    out.add("");
    out.add("### Burst");
    out.add("");
    out.addAll(bursts);
    out.add("");
    if (!notes.isEmpty()) {
      out.add("Stage locks (SUPERSEDED, QUEUED):");
      out.add("");
      out.addAll(notes);
      out.add("");
    }
    out.add("### One execution at a time (warm)");
    out.add("");
    out.addAll(singles);
    out.add("");
    out.add("### Targets (no-op executor against plain Camunda)");
    out.add("");
    out.addAll(targets);
    if (!sql.isEmpty()) {
      out.add("");
      out.add("### SQL statements per execution (H2 query statistics)");
      out.add("");
      out.addAll(sql);
    }
    return String.join("\n", out) + "\n";
  }

  void write(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, markdown());
  }

  private static String cpuModel() {
    return firstLine(Path.of("/proc/cpuinfo"), "model name").map(l -> l.substring(l.indexOf(':') + 1).strip())
        .orElse(System.getProperty("os.arch"));
  }

  private static String memTotal() {
    return firstLine(Path.of("/proc/meminfo"), "MemTotal").map(l -> {
      long kb = Long.parseLong(l.replaceAll("[^0-9]", ""));
      return (kb / (1024 * 1024)) + " GB";
    }).orElse("?");
  }

  private static java.util.Optional<String> firstLine(Path file, String prefix) {
    try (Stream<String> lines = Files.lines(file)) {
      return lines.filter(l -> l.startsWith(prefix)).findFirst();
    } catch (IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }
}

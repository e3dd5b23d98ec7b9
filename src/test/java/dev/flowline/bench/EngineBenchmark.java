package dev.flowline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Flowline against plain Camunda 7 in one JVM (issue #4, "Benchmark"). Run it with
 * {@code mvn -o -B -Pbench verify}; {@link BenchSettings} lists the knobs. In order: both engines boot;
 * a JIT warm-up burst per subject (plain, each Flowline mode); executions one at a time, interleaved subject by subject so drift hits all
 * alike; bursts in rounds, plain and Flowline in ABBA order; the Commands variant; SQL statement counts.
 * The report goes to stdout and to {@code bench.report}.
 */
public final class EngineBenchmark {
  private EngineBenchmark() {}

  public static void main(String[] args) throws Exception {
    BenchSettings settings = BenchSettings.fromSystemProperties();
    deleteRecursively(settings.dataDir());
    Report report = new Report(settings);

    // Flowline first: booting Spring also sets the log levels the plain engine then runs with
    progress("booting Flowline");
    long t = System.currentTimeMillis();
    FlowlineApp app = FlowlineApp.boot(settings.dataDir(), "flowline-bench");
    long flowlineBoot = System.currentTimeMillis() - t;
    progress("booting plain Camunda");
    t = System.currentTimeMillis();
    PlainCamunda plain = new PlainCamunda("plain Camunda", "plain-bench", 4, false, false);
    long plainBoot = System.currentTimeMillis() - t;
    List<PlainCamunda> attribution = new ArrayList<>();
    if (settings.attribution()) {
      attribution.add(new PlainCamunda("plain Camunda + stage asyncBefore", "plain-async-bench", 4, true, false));
      attribution.add(new PlainCamunda("plain Camunda + Spring transactions", "plain-spring-bench", 4, false, true));
    }
    report.line("- boot: Flowline application " + flowlineBoot + " ms, then the plain Camunda engine " + plainBoot
        + " ms (its MyBatis mappings already loaded, so cheaper than cold)");
    if (settings.commands()) {
      app.putSourceObject(settings.dataDir());
    }
    List<FlowlineSubject> noOp = new ArrayList<>();
    List<FlowlineSubject> commands = new ArrayList<>();
    for (String mode : settings.modes()) {
      noOp.add(new FlowlineSubject(app, mode, BenchPipelines.Work.NOOP));
      if (settings.commands()) {
        commands.add(new FlowlineSubject(app, mode, BenchPipelines.Work.COMMANDS));
      }
    }

    // Every subject is warmed, not only one Flowline mode: the locked modes run code (the gate's hand-over,
    // message events) that a PARALLEL warm-up never compiles, so their first measured round was partly JIT time.
    progress("warm-up: " + settings.warmup() + " executions on each subject");
    printBurst(plain.burst(settings.warmup()));
    for (PlainCamunda variant : attribution) {
      printBurst(variant.burst(settings.warmup()));
    }
    for (FlowlineSubject subject : noOp) {
      printBurst(subject.burst(settings.warmup()));
    }
    if (!commands.isEmpty()) {
      printBurst(commands.get(0).burst(Math.max(1, settings.warmup() / 4)));
    }

    List<Subject> all = new ArrayList<>();
    all.add(plain);
    all.addAll(attribution);
    all.addAll(noOp);
    all.addAll(commands);
    report.singles(singles(all, settings));
    Map<String, Map<String, Long>> timelines = new LinkedHashMap<>();
    for (Subject subject : all) {
      Map<String, Long> medians = Timeline.of(subject.dataSource(), subject.singleProcessKey(), settings.singles());
      System.out.println("  " + subject.name() + ": " + Timeline.format(medians));
      timelines.put(subject.name(), medians);
    }
    report.timelines(timelines);

    List<Results.Burst> plainBursts = new ArrayList<>();
    for (FlowlineSubject flowline : noOp) {
      List<Subject> subjects = new ArrayList<>(List.of(plain, flowline));
      if (flowline.mode().equals("PARALLEL")) {
        subjects.addAll(attribution);
      }
      Map<Subject, List<Results.Burst[]>> pairs = new LinkedHashMap<>();
      for (int round = 1; round <= settings.rounds(); round++) {
        // ABBA: drift over the run hits both sides alike
        List<Subject> order = new ArrayList<>(subjects);
        if (round % 2 == 0) {
          Collections.reverse(order);
        }
        progress("burst of " + settings.burst() + ", round " + round + ": "
            + String.join(", then ", order.stream().map(Subject::name).toList()));
        Map<Subject, Results.Burst> results = new LinkedHashMap<>();
        for (Subject subject : order) {
          results.put(subject, printBurst(subject.burst(settings.burst())));
        }
        Results.Burst plainBurst = results.get(plain);
        plainBursts.add(plainBurst);
        for (Subject subject : subjects) {
          report.burst(round, results.get(subject), plainBurst);
          if (subject != plain) {
            pairs.computeIfAbsent(subject, k -> new ArrayList<>())
                .add(new Results.Burst[] {results.get(subject), plainBurst});
          }
        }
      }
      pairs.forEach((subject, rounds) -> report.burstTarget(subject.name(), rounds, subject == flowline));
    }
    if (!commands.isEmpty()) {
      Results.Burst medianPlain = plainBursts.stream()
          .sorted(Comparator.comparingDouble(Results.Burst::completedPerSecond)).toList()
          .get(plainBursts.size() / 2);
      for (FlowlineSubject subject : commands) {
        progress("burst of " + settings.burst() + ": " + subject.name());
        report.burst(1, printBurst(subject.burst(settings.burst())), medianPlain);
      }
    }

    if (settings.profile()) {
      int k = settings.profileExecutions();
      Path sqlDir = settings.report().toAbsolutePath().getParent().resolve("bench-sql");
      progress("SQL statistics: " + k + " executions one at a time per subject, then a burst of " + 10 * k);
      report.sql(SqlProfile.measure("plain Camunda, one at a time", plain.dataSource(), () -> runSingles(plain, k),
          sqlDir));
      for (PlainCamunda variant : attribution) {
        report.sql(SqlProfile.measure(variant.name() + ", one at a time", variant.dataSource(),
            () -> runSingles(variant, k), sqlDir));
      }
      for (FlowlineSubject subject : noOp) {
        report.sql(SqlProfile.measure(subject.name() + ", one at a time", subject.dataSource(),
            () -> runSingles(subject, k), sqlDir));
      }
      report.sql(SqlProfile.measure("plain Camunda, burst", plain.dataSource(),
          () -> printBurst(plain.burst(10 * k)).settled(), sqlDir));
      for (FlowlineSubject subject : noOp) {
        report.sql(SqlProfile.measure(subject.name() + ", burst", subject.dataSource(),
            () -> printBurst(subject.burst(10 * k)).settled(), sqlDir));
      }
    }

    report.write(settings.report());
    System.out.println();
    System.out.println(report.markdown());
    System.out.println("Report written to " + settings.report().toAbsolutePath());
    app.close();
    plain.close();
    for (PlainCamunda variant : attribution) {
      variant.close();
    }
    System.exit(0);
  }

  private static List<Results.Singles> singles(List<Subject> subjects, BenchSettings settings) throws Exception {
    progress("one at a time: " + settings.singleWarmup() + " warm-up + " + settings.singles() + " per subject, "
        + "interleaved");
    for (int i = 0; i < settings.singleWarmup(); i++) {
      for (Subject subject : subjects) {
        subject.single();
      }
    }
    Map<Subject, List<Long>> durations = new LinkedHashMap<>();
    Map<Subject, Integer> failed = new LinkedHashMap<>();
    Map<Subject, Double> cpu = new LinkedHashMap<>();
    subjects.forEach(s -> {
      durations.put(s, new ArrayList<>());
      failed.put(s, 0);
      cpu.put(s, 0.0);
    });
    for (int i = 0; i < settings.singles(); i++) {
      for (Subject subject : subjects) {
        CpuClock before = CpuClock.now();
        long millis = subject.single();
        cpu.merge(subject, CpuClock.now().cpuMillisSince(before), Double::sum);
        if (millis < 0) {
          failed.merge(subject, 1, Integer::sum);
        } else {
          durations.get(subject).add(millis);
        }
      }
    }
    List<Results.Singles> results = new ArrayList<>();
    for (Subject subject : subjects) {
      Results.Singles s = new Results.Singles(subject.name(), durations.get(subject), failed.get(subject),
          cpu.get(subject) / settings.singles());
      System.out.printf("  %-36s p50 %4d ms  p95 %4d ms  mean %6.1f ms  failed %d  cpu %5.1f ms/exec%n", s.subject(),
          s.p50(), s.p95(), s.mean(), s.failed(), s.cpuMillisPerExecution());
      results.add(s);
    }
    return results;
  }

  private static int runSingles(Subject subject, int count) throws Exception {
    for (int i = 0; i < count; i++) {
      subject.single();
    }
    return count;
  }

  private static Results.Burst printBurst(Results.Burst b) {
    System.out.printf("  %-36s %5d started in %5.1f s, window %6.1f s: %4d succeeded, %4d superseded, %d failed, "
            + "%d unfinished; %.1f completed/s, %.1f settled/s, %.1f actions/s, p50 %d ms, p95 %d ms, "
            + "cpu %.1f ms/exec, gc %d ms%n",
        b.subject(), b.started(), b.submitMillis() / 1000.0, b.windowMillis() / 1000.0, b.succeeded(),
        b.superseded(), b.failed(), b.unfinished(), b.completedPerSecond(), b.settledPerSecond(),
        b.actionsPerSecond(), b.p50(), b.p95(), b.cpuPerExecution(), b.gcMillis());
    if (b.note() != null) {
      System.out.println("    " + b.note());
    }
    return b;
  }

  private static void progress(String what) {
    System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " [load " + Report.loadAverage() + "] "
        + what);
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}

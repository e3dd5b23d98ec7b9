package dev.flowline.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What one benchmark run does, from system properties (the {@code bench} Maven profile passes them on):
 * {@code bench.burst} executions started at once per mode (1000) in {@code bench.rounds} rounds (2),
 * {@code bench.singles} executions
 * measured one at a time (50) after {@code bench.singleWarmup} (10), {@code bench.warmup} executions of
 * JIT warm-up per subject (1000: one unmeasured burst each), {@code bench.modes} (SUPERSEDED,QUEUED,PARALLEL),
 * {@code bench.commands} whether to measure the Commands variant too (true),
 * {@code bench.profile} whether to count SQL statements per execution (true),
 * {@code bench.attribution} whether to measure two variants of plain Camunda as well, one with Flowline's
 * asyncBefore on each stage, one on Spring-managed transactions as the starter runs it (true: they tell which
 * part of the difference is the compiled shape, which the Spring integration and which Flowline's code), and
 * {@code bench.report} where the Markdown report of the run is written.
 */
record BenchSettings(int burst, int rounds, int singles, int singleWarmup, int warmup, List<String> modes,
    boolean commands, boolean profile, int profileExecutions, boolean attribution, Path dataDir, Path report) {

  static BenchSettings fromSystemProperties() {
    return new BenchSettings(
        Integer.getInteger("bench.burst", 1000),
        Integer.getInteger("bench.rounds", 2),
        Integer.getInteger("bench.singles", 50),
        Integer.getInteger("bench.singleWarmup", 10),
        Integer.getInteger("bench.warmup", 1000),
        Arrays.stream(System.getProperty("bench.modes", "SUPERSEDED,QUEUED,PARALLEL").split(","))
            .map(String::strip).filter(s -> !s.isEmpty()).toList(),
        Boolean.parseBoolean(System.getProperty("bench.commands", "true")),
        Boolean.parseBoolean(System.getProperty("bench.profile", "true")),
        Integer.getInteger("bench.profileExecutions", 20),
        Boolean.parseBoolean(System.getProperty("bench.attribution", "true")),
        Path.of(System.getProperty("bench.dataDir", "target/bench-data")),
        Path.of(System.getProperty("bench.report", "target/bench-report.md")));
  }
}

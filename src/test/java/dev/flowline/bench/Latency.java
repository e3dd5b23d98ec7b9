package dev.flowline.bench;

import java.util.Arrays;
import java.util.Locale;

/** p50 and p95 of a call made one at a time, after unmeasured warm-up calls. */
record Latency(double p50, double p95) {

  interface Call {
    void run() throws Exception;
  }

  static Latency measure(int warmup, int samples, Call call) throws Exception {
    for (int i = 0; i < warmup; i++) {
      call.run();
    }
    long[] nanos = new long[samples];
    for (int i = 0; i < samples; i++) {
      long t0 = System.nanoTime();
      call.run();
      nanos[i] = System.nanoTime() - t0;
    }
    return of(Arrays.stream(nanos).mapToDouble(n -> n / 1e6).toArray());
  }

  /** From figures in milliseconds. */
  static Latency of(double[] millis) {
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    return new Latency(sorted[sorted.length / 2], sorted[Math.min(sorted.length - 1, sorted.length * 95 / 100)]);
  }

  String cell(Latency first) {
    return String.format(Locale.ROOT, "%.2f / %.2f (%.2f×)", p50, p95, p50 / first.p50);
  }
}

package dev.flowline.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * CPU time this JVM used, and its garbage collectors' time. On a shared machine wall-clock rates follow
 * the neighbours' load; the CPU an engine spends per execution does not, and when CPU is the limit
 * (as it is here) it bounds throughput at {@code cores / cpu per execution}.
 */
final class CpuClock {
  private final long cpuNanos;
  private final long gcMillis;

  private CpuClock(long cpuNanos, long gcMillis) {
    this.cpuNanos = cpuNanos;
    this.gcMillis = gcMillis;
  }

  static CpuClock now() {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long gc = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += Math.max(0, collector.getCollectionTime());
    }
    return new CpuClock(os.getProcessCpuTime(), gc);
  }

  /** CPU milliseconds used since {@code start}. */
  double cpuMillisSince(CpuClock start) {
    return (cpuNanos - start.cpuNanos) / 1_000_000.0;
  }

  long gcMillisSince(CpuClock start) {
    return gcMillis - start.gcMillis;
  }
}

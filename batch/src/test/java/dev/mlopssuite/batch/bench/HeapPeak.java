package dev.mlopssuite.batch.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Peak JVM heap between {@link #reset()} and {@link #bytes()}, for the benchmarks' figures. */
final class HeapPeak {
  private HeapPeak() {}

  static void reset() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
  }

  /**
   * Sum of the heap pools' peaks: an upper bound of the true peak (pools peak at different times).
   */
  static long bytes() {
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getType() == MemoryType.HEAP)
        .mapToLong(pool -> pool.getPeakUsage().getUsed())
        .sum();
  }
}

package dev.mlopssuite.batch.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak JVM heap and peak resident memory between {@link #reset()} and {@link #bytes()} / {@link
 * #residentBytes()}, for the benchmarks' figures. The heap alone hides DuckDB, which works off-heap
 * in the same process; the resident peak (VmHWM) counts both.
 */
final class HeapPeak {
  private static final Path STATUS = Path.of("/proc/self/status");
  private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

  private HeapPeak() {}

  static void reset() {
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    try {
      // "5" resets the process's resident high-water mark (Linux 4.0+, proc(5)); without it VmHWM
      // is the peak since the JVM started, an upper bound of the stage's peak.
      Files.writeString(CLEAR_REFS, "5");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // Not Linux, or not allowed: residentBytes() then reports the peak since start.
    }
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

  /** The process's peak resident memory (VmHWM of /proc/self/status), or -1 where there is none. */
  static long residentBytes() {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith("VmHWM:")) {
          // "VmHWM:   123456 kB"
          return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Not Linux: no figure.
    }
    return -1;
  }

  /** MiB, or "n/a" where the figure is unknown. */
  static String mebibytes(long bytes) {
    return bytes < 0 ? "n/a" : String.format("%,d", bytes >> 20);
  }
}

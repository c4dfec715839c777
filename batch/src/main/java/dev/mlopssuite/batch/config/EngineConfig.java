package dev.mlopssuite.batch.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.sun.management.OperatingSystemMXBean;
import dev.mlopssuite.batch.data.EngineResources;
import dev.mlopssuite.runtime.ConfigValueException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the embedded DuckDB engine may use (docs/snapshots.md: DuckDB is the default engine). Beyond
 * the memory limit DuckDB spills to the spill directory instead of failing.
 *
 * @param memoryLimit DuckDB's memory limit: a size such as 4GB or 512MiB, or a share of the
 *     machine's (or container's) memory such as 50% (default 50%)
 * @param threads DuckDB worker threads (default: the available processors)
 * @param spillDirectory where DuckDB spills, relative to mlops.yaml (default:
 *     &lt;data.workDir&gt;/.duckdb-spill)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EngineConfig(String memoryLimit, Integer threads, String spillDirectory) {
  /**
   * Half, not DuckDB's own 80%: the JVM heap (training holds its rows there) and the page cache
   * that reads the Parquet files share the same memory, and DuckDB spills rather than fail.
   */
  public static final String DEFAULT_MEMORY_LIMIT = "50%";

  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)");
  private static final Pattern SHARE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");

  /** DuckDB needs some working memory before it can spill at all. */
  private static final long MIN_BYTES = 64L << 20;

  public EngineConfig {
    memoryLimit = memoryLimit == null ? DEFAULT_MEMORY_LIMIT : memoryLimit.trim();
    parseMemoryLimit(memoryLimit, 1L << 40);
    if (threads != null && (threads < 1 || threads > 1024)) {
      throw new ConfigValueException(
          "threads", threads, "use a thread count from 1 to 1024, or leave it out for all cores");
    }
    if (spillDirectory != null && spillDirectory.isBlank()) {
      throw new ConfigValueException(
          "spillDirectory", spillDirectory, "use a directory path, or leave it out");
    }
  }

  public static EngineConfig defaults() {
    return new EngineConfig(null, null, null);
  }

  /** The limits for this machine; relative spill paths resolve against {@code baseDirectory}. */
  public EngineResources resources(Path baseDirectory, Path workDirectory) {
    long physical =
        ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    return new EngineResources(
        parseMemoryLimit(memoryLimit, physical),
        threads == null ? Runtime.getRuntime().availableProcessors() : threads,
        spillDirectory == null
            ? workDirectory.resolve(".duckdb-spill")
            : baseDirectory.resolve(spillDirectory).normalize());
  }

  private static long parseMemoryLimit(String value, long physicalBytes) {
    String upper = value.toUpperCase(Locale.ROOT);
    Matcher share = SHARE.matcher(upper);
    long bytes;
    if (share.matches()) {
      double percent = Double.parseDouble(share.group(1));
      if (!(percent > 0 && percent <= 100)) {
        throw new ConfigValueException(
            "memoryLimit", value, "use a share between 1% and 100%, e.g. 50%");
      }
      bytes = (long) (physicalBytes * percent / 100);
    } else {
      Matcher size = SIZE.matcher(upper);
      if (!size.matches()) {
        throw new ConfigValueException(
            "memoryLimit", value, "use a size such as 4GB or 512MiB, or a share such as 50%");
      }
      bytes = (long) (Double.parseDouble(size.group(1)) * unit(size.group(2)));
    }
    if (bytes < MIN_BYTES) {
      throw new ConfigValueException(
          "memoryLimit",
          value,
          "is below 64MiB on this machine, too little for DuckDB to work and spill: raise it");
    }
    return bytes;
  }

  private static long unit(String unit) {
    return switch (unit) {
      case "B" -> 1L;
      case "KB" -> 1000L;
      case "MB" -> 1000L * 1000;
      case "GB" -> 1000L * 1000 * 1000;
      case "TB" -> 1000L * 1000 * 1000 * 1000;
      case "KIB" -> 1L << 10;
      case "MIB" -> 1L << 20;
      case "GIB" -> 1L << 30;
      default -> 1L << 40;
    };
  }
}

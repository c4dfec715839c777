package dev.mlopssuite.batch.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mlopssuite.runtime.ConfigValueException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One backfill run: the as-of time T, the outcome watermark W ≤ T, and optionally a partial scope
 * (docs/label-contract.md).
 *
 * @param asOf T; rows stamped after it are rejected. Absent: the newest telemetry time.
 * @param watermark W; outcomes are known complete up to W. Absent: W = T.
 * @param parent snapshot id (or {@code latest}) whose rows a partial backfill starts from
 * @param cohort entities to relabel (partial backfill); also accepts "a,b,c" from the command line
 * @param from start of the time range to relabel, inclusive (partial backfill)
 * @param to end of the time range to relabel, exclusive (partial backfill)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BackfillConfig(
    Instant asOf, Instant watermark, String parent, List<String> cohort, Instant from, Instant to) {

  public BackfillConfig {
    cohort =
        cohort == null
            ? List.of()
            : cohort.stream()
                .flatMap(entry -> Arrays.stream(entry.split(",")))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .distinct()
                .toList();
    if (asOf != null && watermark != null && watermark.isAfter(asOf)) {
      throw new ConfigValueException(
          "watermark",
          watermark,
          "must not be after asOf (" + asOf + "): outcomes cannot be known past the as-of time");
    }
    if (from != null && to != null && !from.isBefore(to)) {
      throw new ConfigValueException("from", from, "must be before 'to' (" + to + ")");
    }
  }

  public static BackfillConfig defaults() {
    return new BackfillConfig(null, null, null, null, null, null);
  }

  /** True when the run relabels only part of a parent snapshot. */
  @JsonIgnore // derived, not a key: the effective configuration must read back as it was written
  public boolean isPartial() {
    return !cohort.isEmpty() || from != null || to != null;
  }
}

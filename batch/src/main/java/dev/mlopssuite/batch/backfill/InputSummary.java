package dev.mlopssuite.batch.backfill;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What happened to one input: rows read, accepted, rejected (by reason code) and where the rejected
 * rows were written.
 *
 * @param withoutTelemetry outcomes only: accepted events of entities that have no accepted
 *     telemetry row, so they label nothing; null for the telemetry
 */
public record InputSummary(
    String role,
    Path file,
    long read,
    long accepted,
    Map<String, Long> rejectedByReason,
    Path rejectedFile,
    Long withoutTelemetry) {
  public InputSummary {
    rejectedByReason = Map.copyOf(rejectedByReason);
  }

  public long rejected() {
    return read - accepted;
  }

  public String describe() {
    String reasons =
        rejectedByReason.entrySet().stream()
            .filter(e -> e.getValue() > 0)
            .sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    return String.format(
        "%s: %,d rows read, %,d accepted, %,d rejected%s%s",
        role,
        read,
        accepted,
        rejected(),
        rejected() == 0 ? "" : " (" + reasons + ") -> " + rejectedFile,
        withoutTelemetry == null || withoutTelemetry == 0
            ? ""
            : String.format(
                "; %,d accepted for entities with no telemetry (they label nothing)",
                withoutTelemetry));
  }

  public InputSummary withRejectedFile(Path file) {
    return new InputSummary(
        role, this.file, read, accepted, rejectedByReason, file, withoutTelemetry);
  }
}

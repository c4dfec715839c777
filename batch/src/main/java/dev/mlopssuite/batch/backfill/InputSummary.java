package dev.mlopssuite.batch.backfill;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What happened to one input: rows read, accepted, rejected (by reason code) and where the rejected
 * rows were written.
 */
public record InputSummary(
    String role,
    Path file,
    long read,
    long accepted,
    Map<String, Long> rejectedByReason,
    Path rejectedFile) {
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
        "%s: %,d rows read, %,d accepted, %,d rejected%s",
        role,
        read,
        accepted,
        rejected(),
        rejected() == 0 ? "" : " (" + reasons + ") -> " + rejectedFile);
  }

  public InputSummary withRejectedFile(Path file) {
    return new InputSummary(role, this.file, read, accepted, rejectedByReason, file);
  }
}

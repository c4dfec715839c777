package dev.mlopssuite.batch.snapshot;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a snapshot's content depends on (docs/snapshots.md: "the id covers every input and
 * setting that can change the content"). The id is the sha256 of this record, so a setting that is
 * not a component here cannot change a snapshot without changing its id: adding a content-affecting
 * setting means adding a component (SnapshotIdentityTest checks each one).
 *
 * <p>Left out on purpose: validation.maxRejectedFraction / maxRejectedRows (they decide whether a
 * snapshot is published, never what it holds), the engine settings, file paths and names.
 *
 * @param telemetrySha256 sha256 of the telemetry file; null when the rows come from {@code
 *     parentId}
 * @param parentId the snapshot a partial backfill relabels; null for a full backfill
 * @param ranges per value column, its inclusive bounds as text {@code [min, max]}
 * @param timezone data.timezone, the zone of timestamps written without an offset; null if none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SnapshotIdentity(
    String labelLogicVersion,
    String telemetrySha256,
    String parentId,
    String outcomesSha256,
    Instant asOf,
    Instant watermark,
    Duration horizon,
    String entityColumn,
    String timeColumn,
    List<String> valueColumns,
    String outcomeTimeColumn,
    String confirmedAtColumn,
    String sourceColumn,
    boolean confirmationIsFailureTime,
    String negativeLabelSource,
    String timezone,
    Map<String, String> ranges,
    double maxAbsoluteValue,
    List<String> scopeCohort,
    Instant scopeFrom,
    Instant scopeTo) {

  public SnapshotIdentity {
    valueColumns = List.copyOf(valueColumns);
    ranges = Map.copyOf(ranges);
    scopeCohort = List.copyOf(scopeCohort);
  }

  /** {@code snap-} and the first 16 hex digits of the sha256 of the canonical JSON. */
  public String id() {
    return "snap-" + CanonicalJson.sha256(this).substring(0, 16);
  }

  /** The record as recorded in snapshot.json's {@code identity}. */
  public Map<String, Object> asMap() {
    Map<String, Object> map =
        CanonicalJson.mapper()
            .convertValue(this, new TypeReference<LinkedHashMap<String, Object>>() {});
    // An absent setting (no parent, no zone) is left out rather than written as null.
    map.values().removeIf(Objects::isNull);
    return map;
  }
}

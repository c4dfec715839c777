package dev.mlopssuite.batch.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code snapshot.json}: the lineage of one immutable snapshot (docs/snapshots.md).
 *
 * @param id {@code snap-} + the first 16 hex digits of the sha256 of {@code identity}
 * @param parentIds the snapshot a partial backfill started from (empty for a full backfill)
 * @param identity everything the content depends on, {@link SnapshotIdentity} as a map
 * @param files sha256 of every data file in the directory except snapshot.json itself
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SnapshotManifest(
    int formatVersion,
    String id,
    List<String> parentIds,
    Instant createdAt,
    Instant asOf,
    Instant watermark,
    Duration horizon,
    String labelLogicVersion,
    String entityColumn,
    String timeColumn,
    List<Column> schema,
    RowCounts rowCounts,
    List<Input> inputs,
    Map<String, Object> identity,
    String configSha256,
    Map<String, String> files) {

  public static final int FORMAT_VERSION = 1;
  public static final String FILE_NAME = "snapshot.json";
  public static final String DATA_FILE = "data.parquet";

  public SnapshotManifest {
    parentIds = List.copyOf(parentIds);
    schema = List.copyOf(schema);
    inputs = List.copyOf(inputs);
    identity = Map.copyOf(identity);
    files = Map.copyOf(files);
  }

  /** A column of data.parquet. */
  public record Column(String name, String type) {}

  /** Rows by label status; rejected counts are per input. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record RowCounts(
      long total, long resolved, long unresolved, long positive, long negative) {}

  /**
   * One input the snapshot was built from.
   *
   * @param rowsWithoutTelemetry outcomes only: accepted events of entities with no accepted
   *     telemetry row, which can label nothing (absent in snapshots written before it was counted)
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Input(
      String role,
      String path,
      String sha256,
      long rowsRead,
      long rowsRejected,
      Long rowsWithoutTelemetry) {}
}

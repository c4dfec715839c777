package dev.mlopssuite.batch.labels;

import java.util.List;

/**
 * The telemetry columns a snapshot keeps.
 *
 * @param entityColumn entity key column
 * @param timeColumn event-time column (UTC)
 * @param valueColumns numeric columns; each must be present, non-null and finite
 */
public record TelemetrySchema(String entityColumn, String timeColumn, List<String> valueColumns) {
  public TelemetrySchema {
    valueColumns = List.copyOf(valueColumns);
  }

  public List<String> requiredColumns() {
    return java.util.stream.Stream.concat(
            java.util.stream.Stream.of(entityColumn, timeColumn), valueColumns.stream())
        .toList();
  }
}

package dev.mlopssuite.batch.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlopssuite.batch.data.DataException;
import dev.mlopssuite.batch.snapshot.SnapshotManifest;
import dev.mlopssuite.batch.testing.BackfillWorkspace;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Outcome events that cannot label anything are reported; the confirmation time is required. */
class OutcomeInputTest {
  static final Map<String, String> AS_OF = Map.of("mlops.backfill.asOf", "2026-02-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void outcomesOfEntitiesWithoutTelemetryAreCountedPrintedAndRecorded() throws Exception {
    BackfillWorkspace workspace =
        new BackfillWorkspace(dir)
            .row("E1", "2026-01-01T00:00:00Z")
            .failure("E1", "2026-01-02T00:00:00Z")
            .failure("GHOST", "2026-01-02T00:00:00Z")
            .failure("GHOST", "2026-01-03T00:00:00Z");
    List<String> printed = new ArrayList<>();
    Progress progress = (message, done, total) -> printed.add(message);
    BackfillResult result = new Backfill(workspace.config(AS_OF), progress).call();

    assertEquals(2L, result.outcomes().withoutTelemetry());
    assertTrue(
        printed.stream()
            .anyMatch(
                line ->
                    line.contains("outcomes: 3 rows read")
                        && line.contains("2 accepted for entities with no telemetry")),
        String.join("\n", printed));
    JsonNode manifest =
        CanonicalJson.mapper()
            .readTree(result.directory().resolve(SnapshotManifest.FILE_NAME).toFile());
    assertEquals(2, manifest.at("/inputs/1/rows_without_telemetry").asLong(), manifest.toString());
    assertEquals("outcomes", manifest.at("/inputs/1/role").asText());

    // a rerun reuses the snapshot and still knows the count
    assertEquals(2L, workspace.backfill(AS_OF).outcomes().withoutTelemetry());
  }

  @Test
  void aMissingConfirmationColumnIsAnErrorNamingTheColumnAndTheKey() throws Exception {
    BackfillWorkspace workspace = new BackfillWorkspace(dir).row("E1", "2026-01-01T00:00:00Z");
    var config = workspace.config(AS_OF);
    Files.writeString(
        dir.resolve("data/outcomes.csv"), "device_id,failure_ts\nE1,2026-01-03T00:00:00Z\n");
    DataException e =
        assertThrows(DataException.class, () -> new Backfill(config, Progress.NONE).call());
    assertTrue(e.getMessage().contains("'confirmed_at'"), e.getMessage());
    assertTrue(e.getMessage().contains("data.confirmationIsFailureTime"), e.getMessage());
    assertTrue(e.getMessage().contains("data.confirmedAtColumn"), e.getMessage());
  }

  @Test
  void confirmationIsFailureTimeAllowsTheColumnToBeMissing() throws Exception {
    BackfillWorkspace workspace = new BackfillWorkspace(dir).row("E1", "2026-01-01T00:00:00Z");
    var config =
        workspace.config(
            Map.of(
                "mlops.backfill.asOf",
                "2026-02-01T00:00:00Z",
                "mlops.data.confirmationIsFailureTime",
                "true"));
    Files.writeString(
        dir.resolve("data/outcomes.csv"), "device_id,failure_ts\nE1,2026-01-03T00:00:00Z\n");
    BackfillResult result = new Backfill(config, Progress.NONE).call();
    var row = BackfillWorkspace.rows(result.directory()).get("E1|2026-01-01T00:00:00Z");
    assertEquals(1, row.label());
    assertEquals(java.time.Instant.parse("2026-01-03T00:00:00Z"), row.resolvedAt());
  }
}

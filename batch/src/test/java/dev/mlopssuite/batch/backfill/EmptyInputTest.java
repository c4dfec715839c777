package dev.mlopssuite.batch.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.data.DataException;
import dev.mlopssuite.batch.snapshot.SnapshotStore;
import dev.mlopssuite.batch.testing.BackfillWorkspace;
import dev.mlopssuite.runtime.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A header-only telemetry file fails clearly and publishes nothing. */
class EmptyInputTest {
  @TempDir Path dir;

  @Test
  void headerOnlyTelemetryFailsAndLeavesLatestAlone() throws Exception {
    BackfillWorkspace workspace = new BackfillWorkspace(dir).row("E1", "2026-01-01T00:00:00Z");
    BackfillResult earlier =
        workspace.backfill(Map.of("mlops.backfill.asOf", "2026-01-02T00:00:00Z"));
    SnapshotStore store = new SnapshotStore(dir.resolve("work/snapshots"));

    var config = workspace.config(Map.of("mlops.backfill.asOf", "2026-03-01T00:00:00Z"));
    Files.writeString(dir.resolve("data/telemetry.csv"), BackfillWorkspace.HEADER + "\n");
    DataException e =
        assertThrows(DataException.class, () -> new Backfill(config, Progress.NONE).call());
    assertTrue(e.getMessage().contains("has no rows, only a header"), e.getMessage());
    assertTrue(e.getMessage().contains("nothing was published"), e.getMessage());
    assertTrue(e.getMessage().contains("data.telemetry"), e.getMessage());

    assertEquals(1, store.list().size());
    assertEquals(earlier.snapshot().id(), store.resolve("latest").id());
  }
}

package dev.mlopssuite.batch.backfill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.config.InvalidConfigException;
import dev.mlopssuite.batch.testing.BackfillWorkspace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timestamps without a zone are rejected unless data.timezone says which zone they are in. */
class TimeZoneTest {
  @TempDir Path dir;

  private BackfillWorkspace workspace() {
    return new BackfillWorkspace(dir)
        .row("E1", "2026-01-01T00:00:00Z") // line 2
        .row("E1", "2026-01-01T03:00:00+02:00") // line 3: offset, 01:00Z
        .row("E1", "2026-01-02T00:00:00") // line 4: no zone
        .row("E1", "2026-01-03 00:00:00") // line 5: no zone, space
        .row("E1", "2026-01-04") // line 6: a date only
        .failure("E1", "2026-01-05T00:00:00", "2026-01-05T00:00:00Z") // no zone on f
        .failure("E1", "2026-01-06T00:00:00Z", "2026-01-06T00:00:00Z");
  }

  @Test
  void withoutATimeZoneSettingZonelessTimestampsAreRejected() throws Exception {
    BackfillResult result =
        workspace().backfill(Map.of("mlops.backfill.asOf", "2026-02-01T00:00:00Z"));
    assertEquals(2, result.telemetry().accepted(), result.telemetry().describe());
    assertEquals(3L, result.telemetry().rejectedByReason().get("no_time_zone"));
    List<String> lines =
        Files.readAllLines(result.directory().resolve(Backfill.REJECTED_TELEMETRY));
    assertTrue(
        lines
            .get(1)
            .startsWith(
                "4,no_time_zone: ts='2026-01-02T00:00:00' has no time zone; set data.timezone or"
                    + " write an offset"),
        lines.get(1));
    assertEquals(1L, result.outcomes().rejectedByReason().get("no_time_zone"));
    assertEquals(
        List.of("E1|2026-01-01T00:00:00Z", "E1|2026-01-01T01:00:00Z"),
        List.copyOf(BackfillWorkspace.rows(result.directory()).keySet()));
  }

  @Test
  void withATimeZoneZonelessTimestampsAreReadInIt() throws Exception {
    BackfillResult result =
        workspace()
            .backfill(
                Map.of(
                    "mlops.backfill.asOf",
                    "2026-02-01T00:00:00Z",
                    "mlops.data.timezone",
                    "Europe/Berlin"));
    assertEquals(5, result.telemetry().accepted(), result.telemetry().describe());
    assertEquals(0, result.outcomes().rejected());
    var rows = BackfillWorkspace.rows(result.directory());
    assertEquals(
        List.of(
            "E1|2026-01-01T00:00:00Z",
            "E1|2026-01-01T01:00:00Z",
            "E1|2026-01-01T23:00:00Z",
            "E1|2026-01-02T23:00:00Z",
            "E1|2026-01-03T23:00:00Z"),
        List.copyOf(rows.keySet()));
    // the zone-less failure is Jan 4 23:00 UTC: it labels the row of Jan 3 23:00 UTC
    assertEquals(
        Instant.parse("2026-01-05T00:00:00Z"), rows.get("E1|2026-01-03T23:00:00Z").resolvedAt());
  }

  @Test
  void anUnknownZoneIsRefused() throws Exception {
    InvalidConfigException e =
        assertThrows(
            InvalidConfigException.class,
            () -> workspace().config(Map.of("mlops.data.timezone", "Mars/Olympus")));
    assertTrue(e.getMessage().contains("data.timezone"), e.getMessage());
    assertTrue(e.getMessage().contains("Europe/Berlin"), e.getMessage());
  }
}

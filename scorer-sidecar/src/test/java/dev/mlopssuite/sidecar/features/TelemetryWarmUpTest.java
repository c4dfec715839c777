package dev.mlopssuite.sidecar.features;

import static dev.mlopssuite.sidecar.features.OnlineFeatureStoreTest.SET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.runtime.features.EntityFeatureState;
import dev.mlopssuite.runtime.features.FeatureEngine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryWarmUpTest {
  @TempDir Path dir;

  /** Now, with the sidecar's default time limit. */
  static TelemetryWarmUp.Result warm(OnlineFeatureStore store, Path csv) throws IOException {
    return TelemetryWarmUp.warm(
        store, "m", SET, csv, "device_id", "ts", Instant.now(), java.time.Duration.ofSeconds(60));
  }

  static long ms(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void replaysUsableRowsSkipsTheRestAndTheNextRowSeesTheWarmWindow() throws Exception {
    Path csv = dir.resolve("recent.csv");
    Files.writeString(
        csv,
        """
        ts,device_id,other,v
        2026-01-01T00:00:00Z,a,x,1
        2026-01-01T00:30:00Z,b,x,10
        2026-01-01T00:40:00Z,a,x,abc
        2026-01-01T00:50:00Z,a,x,3
        2026-01-01T00:45:00Z,a,x,5
        yesterday,b,x,1
        2026-01-01T01:00:00Z,b,x,NaN
        2026-01-01T01:10:00Z,,x,7
        2026-01-01T01:20:00Z,b,x
        """);
    OnlineFeatureStore store = new OnlineFeatureStore(10);
    TelemetryWarmUp.Result result = warm(store, csv);
    assertEquals(9, result.rowsRead());
    assertEquals(3, result.rowsKept(), result.problems().toString());
    assertEquals(6, result.rowsSkipped());
    assertEquals(2, result.entities());
    assertEquals(5, result.problems().size(), "the first five problems are kept");
    assertEquals("line 4: v is not a decimal number: abc", result.problems().get(0));
    assertTrue(result.problems().get(1).startsWith("line 6: "), result.toString()); // out of order
    assertEquals("line 7: ts is not an ISO-8601 instant: yesterday", result.problems().get(2));
    assertEquals(null, result.stoppedBy(), "the whole file was read");

    // The next rows see the windows the batch engine builds from the same kept rows.
    FeatureEngine engine = new FeatureEngine(SET);
    EntityFeatureState a = engine.newState();
    engine.update(a, ms("2026-01-01T00:00:00Z"), new double[] {1});
    engine.update(a, ms("2026-01-01T00:50:00Z"), new double[] {3});
    assertArrayEquals(
        engine.update(a, ms("2026-01-01T01:30:00Z"), new double[] {8}),
        store.update("m", SET, "a", ms("2026-01-01T01:30:00Z"), new double[] {8}));
    EntityFeatureState b = engine.newState();
    engine.update(b, ms("2026-01-01T00:30:00Z"), new double[] {10});
    double[] expected = engine.update(b, ms("2026-01-01T01:30:00Z"), new double[] {2});
    assertArrayEquals(
        expected, store.update("m", SET, "b", ms("2026-01-01T01:30:00Z"), new double[] {2}));
    assertEquals(2.0, expected[2], "b's count: its warm row and this one");
  }

  @Test
  void oddButReadableFilesAreReadAndProblemsNameTheirLineInTheFile() throws Exception {
    Path csv = dir.resolve("recent.csv");
    // A BOM, CRLF, spaces around header names, blank lines (not rows), a quoted cell spanning two
    // lines, a time with an offset, and values the batch job would not read as numbers.
    Files.writeString(
        csv,
        "\uFEFF ts , device_id ,note, v \r\n"
            + "2026-01-01T01:00:00+01:00,a,\"one, two\",1\r\n"
            + "\r\n"
            + "2026-01-01T00:10:00Z,a,\"spans\r\ntwo lines\",2\r\n"
            + "2026-01-01T00:20:00Z,a,x,0x1p3\r\n"
            + "2026-01-01T00:30:00Z,a,x,8f\r\n"
            + "+300000000-01-01T00:00:00Z,a,x,1\r\n"
            + "\r\n"
            + "2026-01-01T00:40:00Z,a,x,-0\r\n");
    OnlineFeatureStore store = new OnlineFeatureStore(10);
    TelemetryWarmUp.Result result = warm(store, csv);
    assertEquals(6, result.rowsRead(), "blank lines are not rows: " + result);
    assertEquals(3, result.rowsKept(), result.toString());
    assertEquals(
        java.util.List.of(
            "line 6: v is not a decimal number: 0x1p3", "line 7: v is not a decimal number: 8f"),
        result.problems().subList(0, 2));
    assertTrue(
        result.problems().get(2).startsWith("line 8: ts is out of range"), result.toString());
    assertEquals(null, result.stoppedBy());
  }

  @Test
  void aFileUnreadableHalfWayKeepsTheRowsBeforeAndSaysWhereItStopped() throws Exception {
    Path csv = dir.resolve("recent.csv");
    Files.writeString(
        csv,
        "device_id,ts,v\na,2026-01-01T00:00:00Z,1\nb,2026-01-01T00:00:00Z,\"2\nc,"
            + "2026-01-01T00:00:00Z,3\n");
    OnlineFeatureStore store = new OnlineFeatureStore(10);
    TelemetryWarmUp.Result result = warm(store, csv);
    assertEquals(1, result.rowsKept(), result.toString());
    assertTrue(
        result.stoppedBy() != null && result.stoppedBy().contains("unreadable from here"),
        result.toString());
    assertEquals(1, store.entities("m"));
  }

  @Test
  void rowsLaterThanNowAreSkippedSoLiveReadingsAreNotOutOfOrder() throws Exception {
    Path csv = dir.resolve("recent.csv");
    Files.writeString(
        csv,
        "device_id,ts,v\na,2026-01-01T00:00:00Z,1\na,2099-01-01T00:00:00Z,2\n"
            + "b,2026-01-01T00:04:00Z,3\n");
    OnlineFeatureStore store = new OnlineFeatureStore(10);
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    TelemetryWarmUp.Result result =
        TelemetryWarmUp.warm(
            store, "m", SET, csv, "device_id", "ts", now, java.time.Duration.ofSeconds(60));
    assertEquals(2, result.rowsKept(), "four minutes ahead is clock skew; 2099 is not");
    assertEquals(
        "line 3: ts 2099-01-01T00:00:00Z is later than now (2026-01-01T00:00:00Z)",
        result.problems().get(0));
    // a's live reading a minute later is taken, not refused as out of order
    store.update("m", SET, "a", ms("2026-01-01T00:01:00Z"), new double[] {4});
  }

  @Test
  void bytesThatAreNotUtf8HalfWayKeepTheRowsBeforeAndSayWhereItStopped() throws Exception {
    Path csv = dir.resolve("recent.csv");
    byte[] head = "device_id,ts,v\na,2026-01-01T00:00:00Z,1\nb,".getBytes(StandardCharsets.UTF_8);
    byte[] tail = ",2026-01-01T00:00:00Z,1\n".getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[head.length + 2 + tail.length];
    System.arraycopy(head, 0, bytes, 0, head.length);
    bytes[head.length] = (byte) 0xC3; // a two-byte sequence cut short
    bytes[head.length + 1] = (byte) 0x28;
    System.arraycopy(tail, 0, bytes, head.length + 2, tail.length);
    Files.write(csv, bytes);
    OnlineFeatureStore store = new OnlineFeatureStore(10);
    TelemetryWarmUp.Result result = warm(store, csv);
    assertEquals(1, result.rowsKept(), result.toString());
    assertTrue(
        result.stoppedBy() != null && result.stoppedBy().contains("unreadable from here"),
        result.toString());
  }

  @Test
  void pastItsTimeLimitAWarmUpStopsAndSaysSo() throws Exception {
    Path csv = dir.resolve("recent.csv");
    Files.writeString(csv, "device_id,ts,v\na,2026-01-01T00:00:00Z,1\n");
    OnlineFeatureStore store = new OnlineFeatureStore(10);
    TelemetryWarmUp.Result result =
        TelemetryWarmUp.warm(
            store,
            "m",
            SET,
            csv,
            "device_id",
            "ts",
            Instant.parse("2026-01-02T00:00:00Z"),
            java.time.Duration.ofNanos(1));
    assertEquals(0, result.rowsRead());
    assertTrue(result.stoppedBy().contains("the time limit of PT0.000000001S"), result.toString());
  }

  @Test
  void aFileWithoutANeededColumnIsRefusedNamingItAndTheHeader() throws Exception {
    Path csv = dir.resolve("recent.csv");
    Files.writeString(csv, "device_id,time,v\na,2026-01-01T00:00:00Z,1\n");
    OnlineFeatureStore store = new OnlineFeatureStore(10);
    IOException e = assertThrows(IOException.class, () -> warm(store, csv));
    assertTrue(e.getMessage().contains("no column ts"), e.getMessage());
    assertTrue(e.getMessage().contains("[device_id, time, v]"), e.getMessage());
    assertEquals(0, store.entities("m"));

    Files.writeString(csv, "");
    IOException empty = assertThrows(IOException.class, () -> warm(store, csv));
    assertTrue(empty.getMessage().contains("is empty"), empty.getMessage());

    Files.writeString(csv, "device_id,ts,v,v\na,2026-01-01T00:00:00Z,1,2\n");
    IOException twice = assertThrows(IOException.class, () -> warm(store, csv));
    assertTrue(twice.getMessage().contains("the column v twice"), twice.getMessage());
  }

  @Test
  void warmingStartsTheVersionAboutToBeServedEvenWhenAnotherOneIsHeld() throws Exception {
    // At start nothing is served yet: the served-version check must not stop the warm-up.
    OnlineFeatureStore store = new OnlineFeatureStore(10, (model, version) -> false);
    Path csv = dir.resolve("recent.csv");
    Files.writeString(csv, "device_id,ts,v\na,2026-01-01T00:00:00Z,1\n");
    TelemetryWarmUp.Result result = warm(store, csv);
    assertEquals(1, result.rowsKept());
    assertEquals(1, store.entities("m"));
  }
}

package dev.mlopssuite.batch.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.backfill.Backfill;
import dev.mlopssuite.batch.backfill.BackfillResult;
import dev.mlopssuite.batch.testing.BackfillWorkspace;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.lineage.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotLifecycleTest {
  @TempDir Path dir;

  private BackfillWorkspace workspace() {
    return new BackfillWorkspace(dir)
        .row("E1", "2026-01-01T00:00:00Z")
        .row("E1", "2026-01-02T00:00:00Z")
        .row("E2", "2026-01-01T00:00:00Z")
        .failure("E1", "2026-01-05T00:00:00Z");
  }

  private static Map<String, String> hashes(Path directory) throws Exception {
    Map<String, String> hashes = new TreeMap<>();
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        hashes.put(directory.relativize(file).toString(), Sha256.ofFile(file));
      }
    }
    return hashes;
  }

  private List<String> visibleSnapshots() throws Exception {
    try (Stream<Path> entries = Files.list(dir.resolve("work/snapshots"))) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith("."))
          .sorted()
          .toList();
    }
  }

  @Test
  void sameInputsGiveTheSameIdAndRerunsChangeNothing() throws Exception {
    BackfillWorkspace workspace = workspace();
    BackfillResult first =
        workspace.backfill(Map.of("mlops.backfill.asOf", "2026-02-01T00:00:00Z"));
    Map<String, String> before = hashes(first.directory());
    BackfillResult second =
        workspace.backfill(Map.of("mlops.backfill.asOf", "2026-02-01T00:00:00Z"));
    assertEquals(first.snapshot().id(), second.snapshot().id());
    assertFalse(first.reused());
    assertTrue(second.reused());
    assertEquals(before, hashes(second.directory()));
    assertEquals(List.of(first.snapshot().id()), visibleSnapshots());
    assertTrue(first.snapshot().id().matches("snap-[0-9a-f]{16}"));

    BackfillResult later =
        workspace.backfill(Map.of("mlops.backfill.asOf", "2026-02-02T00:00:00Z"));
    assertNotEquals(first.snapshot().id(), later.snapshot().id());
  }

  @Test
  void everyFileIsHashedAndTamperingIsDetected() throws Exception {
    BackfillResult result =
        workspace().backfill(Map.of("mlops.backfill.asOf", "2026-02-01T00:00:00Z"));
    SnapshotManifest manifest = result.snapshot();
    assertEquals(
        Sha256.ofFile(result.directory().resolve("data.parquet")),
        manifest.files().get("data.parquet"));
    assertTrue(
        manifest
            .files()
            .keySet()
            .containsAll(
                List.of(
                    "effective-config.yaml", "rejected-telemetry.csv", "rejected-outcomes.csv")));
    SnapshotStore store = new SnapshotStore(dir.resolve("work/snapshots"));
    store.verify(manifest);
    Files.writeString(result.directory().resolve("effective-config.yaml"), "tampered\n");
    SnapshotException e = assertThrows(SnapshotException.class, () -> store.verify(manifest));
    assertTrue(e.getMessage().contains("effective-config.yaml"), e.getMessage());
  }

  @Test
  void latestIsTheNewestAsOfNotTheLastWritten() throws Exception {
    BackfillWorkspace workspace = workspace();
    BackfillResult newer =
        workspace.backfill(Map.of("mlops.backfill.asOf", "2026-02-01T00:00:00Z"));
    BackfillResult older =
        workspace.backfill(Map.of("mlops.backfill.asOf", "2026-01-20T00:00:00Z"));
    // same as-of, older watermark: still not the newest
    workspace.backfill(
        Map.of(
            "mlops.backfill.asOf",
            "2026-02-01T00:00:00Z",
            "mlops.backfill.watermark",
            "2026-01-25T00:00:00Z"));
    assertFalse(older.snapshot().createdAt().isBefore(newer.snapshot().createdAt()));
    SnapshotStore store = new SnapshotStore(dir.resolve("work/snapshots"));
    assertEquals(3, store.list().size());
    assertEquals(newer.snapshot().id(), store.resolve("latest").id());
  }

  @Test
  void concurrentBackfillsOfTheSameInputsBothSucceedWithOneSnapshot() throws Exception {
    BackfillWorkspace workspace = workspace();
    var config = workspace.config(Map.of("mlops.backfill.asOf", "2026-02-01T00:00:00Z"));
    // Both runs wait at the publish step until the other is there too, so both rename for real.
    CyclicBarrier bothStaged = new CyclicBarrier(2);
    Callable<BackfillResult> run =
        () ->
            new Backfill(config, Progress.NONE)
                .beforePublish(
                    staging -> {
                      try {
                        bothStaged.await(60, TimeUnit.SECONDS);
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                    })
                .call();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<BackfillResult> first = threads.submit(run);
      Future<BackfillResult> second = threads.submit(run);
      BackfillResult a = first.get(120, TimeUnit.SECONDS);
      BackfillResult b = second.get(120, TimeUnit.SECONDS);
      assertEquals(a.snapshot().id(), b.snapshot().id());
      assertEquals(1, (a.reused() ? 1 : 0) + (b.reused() ? 1 : 0), "exactly one run published");
      assertEquals(List.of(a.snapshot().id()), visibleSnapshots());
      new SnapshotStore(dir.resolve("work/snapshots"))
          .verify(new SnapshotStore(dir.resolve("work/snapshots")).resolve(a.snapshot().id()));
    } finally {
      threads.shutdownNow();
    }
    try (Stream<Path> entries = Files.list(dir.resolve("work/snapshots"))) {
      assertEquals(
          List.of(),
          entries.filter(p -> p.getFileName().toString().startsWith(".staging")).toList(),
          "no staging left");
    }
  }

  @Test
  void aRunKilledBeforePublishLeavesNoSnapshotAndPreviousOnesUnchanged() throws Exception {
    BackfillWorkspace workspace = workspace();
    BackfillResult previous =
        workspace.backfill(Map.of("mlops.backfill.asOf", "2026-02-01T00:00:00Z"));
    Map<String, String> previousHashes = hashes(previous.directory());
    Path marker = dir.resolve("marker");

    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                KilledBackfillMain.class.getName(),
                dir.resolve("mlops.yaml").toString(),
                marker.toString(),
                "2026-02-03T00:00:00Z")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("child.log").toFile())
            .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(marker) && process.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(
          Files.exists(marker),
          "the child never reached the publish step: "
              + Files.readString(dir.resolve("child.log")));
      Path staging = Path.of(Files.readString(marker));
      assertTrue(Files.exists(staging.resolve("data.parquet")), "the child had written its data");
    } finally {
      process.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
      process.waitFor(30, TimeUnit.SECONDS);
    }

    assertEquals(List.of(previous.snapshot().id()), visibleSnapshots());
    assertEquals(previousHashes, hashes(previous.directory()));

    // The next run removes the dead run's staging directory and publishes normally.
    BackfillResult next = workspace.backfill(Map.of("mlops.backfill.asOf", "2026-02-03T00:00:00Z"));
    try (Stream<Path> entries = Files.list(dir.resolve("work/snapshots"))) {
      assertEquals(2, entries.count());
    }
    assertEquals(previousHashes, hashes(previous.directory()));
    assertNotEquals(previous.snapshot().id(), next.snapshot().id());
  }
}

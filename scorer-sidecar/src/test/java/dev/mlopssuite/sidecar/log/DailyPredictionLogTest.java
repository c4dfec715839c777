package dev.mlopssuite.sidecar.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DailyPredictionLogTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  @TempDir Path dir;

  private PredictionLogSettings slowFlush() {
    // An hour: nothing is written unless the test flushes or closes.
    return PredictionLogSettings.defaults(dir).withFlushInterval(Duration.ofHours(1));
  }

  static List<PredictionRecord> read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.UTF_8);
    assertTrue(text.isEmpty() || text.endsWith("\n"), () -> file + " ends in half a line");
    return PredictionRecordJson.readFile(file);
  }

  private static List<String> ids(List<PredictionRecord> records) {
    return records.stream().map(PredictionRecord::requestId).toList();
  }

  /** A clock that holds the flusher thread, when armed, the next time it reads the time. */
  private static final class FlusherGate extends Clock {
    final CountDownLatch armed = new CountDownLatch(1);
    final CountDownLatch held = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public Instant instant() {
      if (armed.getCount() == 0
          && Thread.currentThread().getName().equals("prediction-log-flusher")
          && held.getCount() > 0) {
        held.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return T0;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("tests use UTC");
    }
  }

  /** A record whose line is {@code bytes} long or a little more: the request id makes it up. */
  private static PredictionRecord recordOfAbout(String id, int bytes) throws IOException {
    int base =
        PredictionRecordJson.lines(List.of(TestPredictions.record(id, "e1", T0, false))).length;
    return TestPredictions.record(
        id + "-" + "x".repeat(Math.max(0, bytes - base)), "e1", T0, false);
  }

  @Test
  void anAppendWaitingForRoomIsServedEvenWhenItsSignalCameWhileTheFlusherWasBusy()
      throws Exception {
    // A 64 KiB bound: early flush past 8 KiB. A line of 60 KiB fits only once less than 4 KiB is
    // buffered; with 6 KiB buffered (below the early flush mark) the flusher used to sleep its
    // whole interval after missing the waiting append's signal, and the append failed.
    PredictionLogSettings settings =
        slowFlush().withMaxBufferedBytes(64 * 1024).withFullBufferWait(Duration.ofSeconds(10));
    FlusherGate clock = new FlusherGate();
    try (DailyPredictionLog log = DailyPredictionLog.open(settings, clock);
        AutoCloseable releaseOnExit = clock.release::countDown) { // close() joins the flusher
      log.append(recordOfAbout("a", 7 * 1024)); // below the early mark: the flusher sleeps on
      clock.armed.countDown();
      log.append(recordOfAbout("b", 2 * 1024)); // past it: the flusher writes, then is held
      assertTrue(clock.held.await(10, TimeUnit.SECONDS), "the flusher wrote and read the clock");
      log.append(recordOfAbout("c", 6 * 1024)); // buffered while the flusher is held
      PredictionRecord big = recordOfAbout("d", 60 * 1024);
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread waiting =
          new Thread(
              () -> {
                try {
                  log.append(big); // 6 + 60 KiB > 64 KiB: signals the held flusher, then waits
                } catch (IOException | RuntimeException e) {
                  failure.set(e);
                }
              },
              "big-append");
      waiting.start();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (waiting.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertEquals(Thread.State.TIMED_WAITING, waiting.getState(), "the append waits for room");
      long released = System.nanoTime();
      clock.release.countDown();
      waiting.join(Duration.ofSeconds(20).toMillis());
      assertEquals(null, failure.get(), "the append was taken");
      assertTrue(
          System.nanoTime() - released < Duration.ofSeconds(5).toNanos(),
          "let in by the next flush, not at the end of the full-buffer wait");
      log.flush();
      assertEquals(
          List.of("a", "b", "c", "d"),
          read(log.fileFor(LocalDate.parse("2026-03-01"))).stream()
              .map(r -> r.requestId().substring(0, 1))
              .toList());
    }
  }

  @Test
  void anEighthOfTheBoundBufferedIsWrittenWithoutWaitingForTheInterval() throws Exception {
    PredictionLogSettings settings = slowFlush().withMaxBufferedBytes(64 * 1024);
    try (DailyPredictionLog log = DailyPredictionLog.open(settings, new MutableClock(T0))) {
      List<String> appended = new ArrayList<>();
      long bytes = 0;
      for (int i = 0; bytes <= settings.maxBufferedBytes() / 8; i++) {
        PredictionRecord r = TestPredictions.record("early-" + i, "e1", T0, false);
        log.append(r);
        appended.add(r.requestId());
        bytes += PredictionRecordJson.lines(List.of(r)).length;
      }
      assertTrue(
          bytes < settings.maxBufferedBytes() / 2, "the buffer is far from half full: " + bytes);
      Path file = dir.resolve("predictions-2026-03-01.jsonl");
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (log.pending() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      // Written and forced within seconds, though the interval is an hour and nothing flushed.
      assertEquals(0, log.pending());
      assertEquals(appended, ids(read(file)));
    }
  }

  @Test
  void appendsFarFasterThanTheIntervalAreAllWrittenAndNoneRefused() throws Exception {
    // Many times the bound from two threads and an hour's interval: only flushes that start
    // before the interval ends keep up.
    PredictionLogSettings settings =
        slowFlush().withMaxBufferedBytes(256 * 1024).withFullBufferWait(Duration.ofSeconds(10));
    int recordBytes =
        PredictionRecordJson.lines(List.of(TestPredictions.record("t0-0", "e1", T0, false))).length;
    int perThread = 20 * (int) settings.maxBufferedBytes() / 2 / recordBytes; // 20 bounds in all
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try (DailyPredictionLog log = DailyPredictionLog.open(settings, new MutableClock(T0))) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        String prefix = "t" + t + "-";
        done.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    log.append(TestPredictions.record(prefix + i, "e1", T0, false));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get(); // a refused append (PredictionLogFullException) fails here
      }
    } finally {
      threads.shutdownNow();
    }
    assertEquals(2 * perThread, read(dir.resolve("predictions-2026-03-01.jsonl")).size());
  }

  @Test
  void recordsGoToTheFileOfTheirUtcDayAndTheDayRollsOverAtMidnight() throws IOException {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T23:59:59.900Z"));
    try (DailyPredictionLog log = DailyPredictionLog.open(slowFlush(), clock)) {
      log.append(TestPredictions.record("a1", "e1", clock.instant(), false));
      log.append(TestPredictions.record("a2", "e1", clock.instant(), false));
      log.flush();
      log.append(TestPredictions.record("a3", "e2", clock.instant(), true));
      clock.set(Instant.parse("2026-03-02T00:00:00.100Z"));
      log.append(TestPredictions.record("b1", "e1", clock.instant(), false));
      log.append(TestPredictions.record("b2", "e3", clock.instant(), false));
    }
    assertEquals(List.of("a1", "a2", "a3"), ids(read(dir.resolve("predictions-2026-03-01.jsonl"))));
    assertEquals(List.of("b1", "b2"), ids(read(dir.resolve("predictions-2026-03-02.jsonl"))));
  }

  @Test
  void reopeningAppendsToTheDaysFile() throws IOException {
    MutableClock clock = new MutableClock(T0);
    try (DailyPredictionLog log = DailyPredictionLog.open(slowFlush(), clock)) {
      log.append(TestPredictions.record("first", "e1", T0, false));
    }
    try (DailyPredictionLog log = DailyPredictionLog.open(slowFlush(), clock)) {
      log.append(TestPredictions.record("second", "e1", T0, false));
    }
    assertEquals(
        List.of("first", "second"), ids(read(dir.resolve("predictions-2026-03-01.jsonl"))));
  }

  @Test
  void retentionDeletesOnlyOurFilesOlderThanTheRetentionAtOpenAndThenDaily() throws Exception {
    Path old = Files.writeString(dir.resolve("predictions-2026-02-20.jsonl"), "{}\n");
    Path edge = Files.writeString(dir.resolve("predictions-2026-02-26.jsonl"), "{}\n");
    Path kept = Files.writeString(dir.resolve("predictions-2026-02-27.jsonl"), "{}\n");
    Path notes = Files.writeString(dir.resolve("notes.txt"), "keep me\n");
    Path alien = Files.writeString(dir.resolve("predictions-latest.jsonl"), "{}\n");
    Path alerts = Files.writeString(dir.resolve("alerts-2026-01-01.jsonl"), "{}\n");
    MutableClock clock = new MutableClock(Instant.parse("2026-03-02T08:00:00Z"));

    PredictionLogSettings settings =
        PredictionLogSettings.defaults(dir)
            .withRetentionDays(3)
            .withFlushInterval(Duration.ofMillis(20));
    try (DailyPredictionLog log = DailyPredictionLog.open(settings, clock)) {
      // Today 2026-03-02, three days kept before it: 02-27 .. 03-02.
      assertFalse(Files.exists(old));
      assertFalse(Files.exists(edge));
      assertTrue(Files.exists(kept));
      assertTrue(Files.exists(notes));
      assertTrue(Files.exists(alien));
      assertTrue(Files.exists(alerts));

      // Two days on, the daily pass drops 02-27 (and keeps 02-28 onwards) without a restart.
      clock.set(Instant.parse("2026-03-03T00:00:01Z"));
      log.append(TestPredictions.record("r1", "e1", clock.instant(), false));
      clock.set(Instant.parse("2026-03-04T00:00:01Z"));
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (Files.exists(kept) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertFalse(Files.exists(kept), "the daily retention pass did not run");
      assertTrue(Files.exists(dir.resolve("predictions-2026-03-03.jsonl")));
    }
    assertTrue(Files.exists(notes));
    assertTrue(Files.exists(alien));
    assertTrue(Files.exists(alerts));
  }

  @Test
  void concurrentAppendsFromManyThreadsAllLandInEachThreadsOrder() throws Exception {
    int threads = 16;
    int perThread = 500;
    PredictionLogSettings settings =
        PredictionLogSettings.defaults(dir).withFlushInterval(Duration.ofMillis(5));
    MutableClock clock = new MutableClock(T0);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (DailyPredictionLog log = DailyPredictionLog.open(settings, clock)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    log.append(TestPredictions.record(thread + "-" + i, "e" + thread, T0, false));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    List<PredictionRecord> records = read(dir.resolve("predictions-2026-03-01.jsonl"));
    assertEquals(threads * perThread, records.size());
    Map<String, Integer> next = new HashMap<>();
    for (PredictionRecord r : records) {
      String[] parts = r.requestId().split("-");
      int expected = next.getOrDefault(parts[0], 0);
      assertEquals(expected, Integer.parseInt(parts[1]), "thread " + parts[0] + " out of order");
      next.put(parts[0], expected + 1);
    }
    assertEquals(threads, next.size());
  }

  @Test
  void pendingCountsUnflushedRecordsAndDropsToZeroAfterAFlush() throws Exception {
    try (DailyPredictionLog log = DailyPredictionLog.open(slowFlush(), new MutableClock(T0))) {
      for (int i = 0; i < 10; i++) {
        log.append(TestPredictions.record("p" + i, "e", T0, false));
      }
      assertEquals(10, log.pending());
      assertFalse(Files.exists(log.fileFor(LocalDate.parse("2026-03-01"))));
      log.flush();
      assertEquals(0, log.pending());
      assertEquals(10, read(log.fileFor(LocalDate.parse("2026-03-01"))).size());
    }
  }

  @Test
  void theFlusherWritesWithinTheFlushInterval() throws Exception {
    PredictionLogSettings settings =
        PredictionLogSettings.defaults(dir).withFlushInterval(Duration.ofMillis(50));
    try (DailyPredictionLog log = DailyPredictionLog.open(settings, new MutableClock(T0))) {
      log.append(TestPredictions.record("p", "e", T0, false));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      while (log.pending() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertEquals(0, log.pending());
      assertEquals(1, read(log.fileFor(LocalDate.parse("2026-03-01"))).size());
    }
  }

  @Test
  void aFullBufferRefusesTheRecordAndKeepsTheAcknowledgedOnesUntilTheDiskRecovers()
      throws Exception {
    PredictionLogSettings settings =
        slowFlush().withMaxBufferedBytes(4096).withFullBufferWait(Duration.ofMillis(20));
    try (DailyPredictionLog log = DailyPredictionLog.open(settings, new MutableClock(T0))) {
      // The disk "fails": the directory is replaced by a file, so every write attempt fails.
      Files.delete(dir);
      Files.writeString(dir, "not a directory");
      List<String> acknowledged = new ArrayList<>();
      PredictionLogFullException refused = null;
      for (int i = 0; i < 1000 && refused == null; i++) {
        try {
          log.append(TestPredictions.record("f" + i, "e", T0, false));
          acknowledged.add("f" + i);
        } catch (PredictionLogFullException e) {
          refused = e;
        }
      }
      assertTrue(refused != null, "append never refused a record while the disk was failing");
      assertTrue(refused.bufferedBytes() <= 4096);
      assertEquals(acknowledged.size(), log.pending());

      Files.delete(dir);
      Files.createDirectory(dir);
      log.flush();
      assertEquals(0, log.pending());
      assertEquals(acknowledged, ids(read(log.fileFor(LocalDate.parse("2026-03-01")))));
    }
  }

  @Test
  void aFailingDiskIsRetriedOnceAnIntervalNotInALoop() throws Exception {
    // Far more than the early-flush threshold stays buffered while the disk fails; the flusher
    // must still wait an interval between attempts.
    PredictionLogSettings settings =
        PredictionLogSettings.defaults(dir)
            .withFlushInterval(Duration.ofMillis(100))
            .withMaxBufferedBytes(64 * 1024)
            .withFullBufferWait(Duration.ZERO);
    Logger jul = Logger.getLogger(DailyPredictionLog.class.getName());
    AtomicInteger failures = new AtomicInteger();
    Handler counter =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
              failures.incrementAndGet();
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    boolean parentHandlers = jul.getUseParentHandlers();
    jul.addHandler(counter);
    jul.setUseParentHandlers(false); // a thousand stack traces in the build output otherwise
    try (DailyPredictionLog log = DailyPredictionLog.open(settings, new MutableClock(T0))) {
      Files.delete(dir);
      Files.writeString(dir, "not a directory");
      for (int i = 0; i < 40; i++) {
        log.append(TestPredictions.record("d" + i, "e", T0, false));
      }
      Thread.sleep(1_000);
      int attempts = failures.get();
      // About ten intervals passed: a spinning flusher fails thousands of times in a second.
      assertTrue(attempts >= 2 && attempts <= 20, attempts + " failed attempts in one second");
      Files.delete(dir);
      Files.createDirectory(dir);
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (log.pending() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(0, log.pending(), "written once the disk is back, at the next interval");
    } finally {
      jul.removeHandler(counter);
      jul.setUseParentHandlers(parentHandlers);
    }
  }

  @Test
  void aBatchIsTakenWholeOrRefusedWhole() throws Exception {
    // 8 KiB: the first three records stay under an eighth of it, so no flush starts before the
    // disk fails.
    PredictionLogSettings settings =
        slowFlush().withMaxBufferedBytes(8192).withFullBufferWait(Duration.ofMillis(20));
    List<PredictionRecord> three =
        List.of(
            TestPredictions.record("b#0", "e", T0, false),
            TestPredictions.record("b#1", "e", T0, true),
            TestPredictions.record("b#2", "e", T0, false));
    try (DailyPredictionLog log = DailyPredictionLog.open(settings, new MutableClock(T0))) {
      log.appendAll(three);
      assertEquals(3, log.pending());
      // Fill the buffer until a batch is refused: a refused batch leaves none of its records.
      Files.delete(dir);
      Files.writeString(dir, "not a directory");
      List<String> acknowledged = new ArrayList<>(ids(three));
      boolean refused = false;
      for (int i = 0; i < 100 && !refused; i++) {
        List<PredictionRecord> batch =
            List.of(
                TestPredictions.record("c" + i + "#0", "e", T0, false),
                TestPredictions.record("c" + i + "#1", "e", T0, false));
        try {
          log.appendAll(batch);
          acknowledged.addAll(ids(batch));
        } catch (PredictionLogFullException e) {
          refused = true;
        }
      }
      assertTrue(refused, "the buffer never filled");
      assertEquals(acknowledged.size(), log.pending());
      Files.delete(dir);
      Files.createDirectory(dir);
      log.flush();
      assertEquals(acknowledged, ids(read(log.fileFor(LocalDate.parse("2026-03-01")))));
    }
  }

  @Test
  void aFailedWriteOfTheNextDayDoesNotWriteTheDayBeforeTwice() throws Exception {
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T23:59:59Z"));
    try (DailyPredictionLog log = DailyPredictionLog.open(slowFlush(), clock)) {
      log.append(TestPredictions.record("d1", "e", clock.instant(), false));
      clock.set(Instant.parse("2026-03-02T00:00:01Z"));
      log.append(TestPredictions.record("d2", "e", clock.instant(), false));
      // The second day's file cannot be opened (a directory stands in its place).
      Path blocked = Files.createDirectory(dir.resolve("predictions-2026-03-02.jsonl"));
      assertThrows(IOException.class, log::flush);
      assertEquals(1, log.pending(), "the first day's record is on disk, the second's is not");
      Files.delete(blocked);
      log.flush();
      assertEquals(0, log.pending());
    }
    assertEquals(List.of("d1"), ids(read(dir.resolve("predictions-2026-03-01.jsonl"))));
    assertEquals(List.of("d2"), ids(read(dir.resolve("predictions-2026-03-02.jsonl"))));
  }

  @Test
  void appendAfterCloseIsRefusedAndCloseIsIdempotent() throws Exception {
    DailyPredictionLog log = DailyPredictionLog.open(slowFlush(), new MutableClock(T0));
    log.append(TestPredictions.record("x", "e", T0, false));
    log.close();
    assertTrue(log.flusherStopped(Duration.ofSeconds(1)));
    assertThrows(
        PredictionLogClosedException.class,
        () -> log.append(TestPredictions.record("y", "e", T0, false)));
    log.close();
    assertEquals(List.of("x"), ids(read(dir.resolve("predictions-2026-03-01.jsonl"))));
  }

  @Test
  void aTornLastLineLeftByACrashIsCutWhenTheFileIsReopened() throws Exception {
    Path file = dir.resolve("predictions-2026-03-01.jsonl");
    String whole =
        new String(
                PredictionRecordJson.lines(
                    List.of(TestPredictions.record("whole", "e", T0, false))),
                StandardCharsets.UTF_8)
            .strip();
    Files.writeString(file, whole + "\n" + whole.substring(0, 40));
    try (DailyPredictionLog log = DailyPredictionLog.open(slowFlush(), new MutableClock(T0))) {
      log.append(TestPredictions.record("after", "e", T0, false));
    }
    assertEquals(List.of("whole", "after"), ids(read(file)));
  }

  @Test
  void settingsRefuseNonsense() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PredictionLogSettings.defaults(dir).withFlushInterval(Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> PredictionLogSettings.defaults(dir).withRetentionDays(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> PredictionLogSettings.defaults(dir).withMaxBufferedBytes(10));
  }

  @Test
  void theCommittedSampleOfTheFileFormatIsWhatTheLogWrites() throws Exception {
    Path sample =
        Path.of(
            DailyPredictionLogTest.class
                .getResource("/formats/predictions-2026-01-15.jsonl")
                .toURI());
    List<PredictionRecord> records = PredictionRecordJsonTest.sampleRecords();
    MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:05:00Z"));
    try (DailyPredictionLog log = DailyPredictionLog.open(slowFlush(), clock)) {
      log.append(records.get(0));
      log.appendAll(records.subList(1, 3));
    }
    assertEquals(Files.readString(sample), Files.readString(dir.resolve(sample.getFileName())));
    assertEquals(records, read(sample));
  }
}

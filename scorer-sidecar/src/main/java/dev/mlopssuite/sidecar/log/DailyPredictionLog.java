package dev.mlopssuite.sidecar.log;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prediction log as JSON lines, one file per UTC day ({@code predictions-YYYY-MM-DD.jsonl}),
 * owning the rules of docs/scorer-sidecar.md, "Prediction log and alerts":
 *
 * <ul>
 *   <li><b>Acknowledgement point.</b> {@link #append} serialises the record and puts it in the
 *       buffer; when it returns the record is the log's to keep. One background flusher writes,
 *       flushes and forces ({@link FileChannel#force}) the buffer at least every flush interval;
 *       {@link #close} writes everything left. A crash (kill -9, power loss) can therefore lose at
 *       most the records acknowledged during the last flush interval, never a record acknowledged
 *       before a clean shutdown (SIGTERM: see {@link #closeOnShutdown}).
 *   <li><b>Order and whole lines.</b> Records are written in the order their appends took the
 *       buffer lock, so one thread's records are never reordered; a request's records are one or
 *       more lines ({@link PredictionRecordJson}), each written whole. A write that fails half way
 *       is cut back to the last whole line, and a torn tail left by a crash during a write is cut
 *       when the file is next opened.
 *   <li><b>Bounded memory.</b> When the unwritten bytes would exceed the maximum, {@code append}
 *       waits up to {@code fullBufferWait} for the flusher and then throws {@link
 *       PredictionLogFullException}: the request fails (503) instead of being acknowledged without
 *       a record. Waiting briefly absorbs a slow {@code fsync}; throwing keeps a failing disk from
 *       stalling every request thread.
 *   <li><b>Retention.</b> Files whose day is more than {@code retentionDays} before today are
 *       deleted when the log opens and then once a day; other files in the directory are left
 *       alone.
 * </ul>
 *
 * <p>The day a record goes to is the UTC day on the log's clock when it is appended (the record's
 * {@code scored_at} in practice), so files only ever grow at the end.
 */
public final class DailyPredictionLog implements PredictionLog {
  private static final System.Logger LOG = System.getLogger(DailyPredictionLog.class.getName());
  private static final Pattern FILE_NAME =
      Pattern.compile("predictions-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");

  private final PredictionLogSettings settings;
  private final Clock clock;

  private final ReentrantLock bufferLock = new ReentrantLock();
  private final Condition roomFreed = bufferLock.newCondition();
  private final Condition flushWanted = bufferLock.newCondition();
  // Guarded by bufferLock.
  private List<Line> buffer = new ArrayList<>();
  // Bytes buffered plus bytes being written: what the memory bound is about. Guarded by bufferLock.
  private long unwrittenBytes;
  // Appends waiting for room. Guarded by bufferLock. While any wait, the flusher does not sleep:
  // their signal may have come while it was writing, and what is buffered may be below the early
  // flush mark yet too much for a line near the bound's size to fit.
  private int waitingForRoom;
  private boolean closing;

  private final AtomicLong pending = new AtomicLong();

  // Only the holder of writeLock touches the day file; it is held for a whole flush, so batches
  // reach the disk in the order they left the buffer.
  private final ReentrantLock writeLock = new ReentrantLock();
  private AppendOnlyFile dayFile;
  private LocalDate dayFileDay;
  // The day file's staging buffer: one for the log's life, as one day file is open at a time.
  private final ByteBuffer staging = AppendOnlyFile.stagingBuffer();
  private LocalDate retentionRunFor;

  private Thread flusher;
  private boolean closed;

  // One or more whole records, each ending in a newline.
  private record Line(LocalDate day, byte[] bytes, int records) {}

  private DailyPredictionLog(PredictionLogSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** Opens (creating the directory if needed) and starts the flusher, on the system UTC clock. */
  public static DailyPredictionLog open(PredictionLogSettings settings) throws IOException {
    return open(settings, Clock.systemUTC());
  }

  /** As {@link #open(PredictionLogSettings)}, with the clock that decides each record's day. */
  public static DailyPredictionLog open(PredictionLogSettings settings, Clock clock)
      throws IOException {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(clock, "clock");
    Files.createDirectories(settings.directory());
    DailyPredictionLog log = new DailyPredictionLog(settings, clock);
    log.applyRetentionIfDue();
    log.flusher = new Thread(log::runFlusher, "prediction-log-flusher");
    // Daemon: the flusher must never keep a JVM alive; close() (from the shutdown hook) is what
    // writes the last records.
    log.flusher.setDaemon(true);
    log.flusher.start();
    return log;
  }

  /**
   * Registers a JVM shutdown hook that closes {@code log}, so SIGTERM (and a normal exit) writes
   * every acknowledged record. The class does not install it itself: the main program owns the
   * JVM's lifecycle and the order its parts stop in.
   *
   * @return the hook, for {@link Runtime#removeShutdownHook}
   */
  public static Thread closeOnShutdown(PredictionLog log) {
    Objects.requireNonNull(log, "log");
    Thread hook =
        new Thread(
            () -> {
              try {
                log.close();
              } catch (IOException | RuntimeException e) {
                LOG.log(
                    System.Logger.Level.ERROR,
                    "prediction log did not close cleanly at shutdown; "
                        + log.pending()
                        + " acknowledged records may be lost",
                    e);
              }
            },
            "prediction-log-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  /** The file holding the records appended on {@code day} (UTC). */
  public Path fileFor(LocalDate day) {
    return settings.directory().resolve("predictions-" + day + ".jsonl");
  }

  @Override
  public void append(PredictionRecord record) throws IOException {
    appendAll(List.of(Objects.requireNonNull(record, "record")));
  }

  /**
   * Takes all the records or none, as one buffer entry: a request's rows are logged together, on
   * lines of their own (see {@link PredictionRecordJson} for which records share a line).
   */
  @Override
  public void appendAll(List<PredictionRecord> records) throws IOException {
    if (records.isEmpty()) {
      return;
    }
    // Serialise outside the lock: request threads only contend for the list append. Jackson
    // escapes control characters, so a record's JSON has no newline of its own.
    byte[] line = PredictionRecordJson.lines(records);

    bufferLock.lock();
    try {
      long waitNanos = settings.fullBufferWait().toNanos();
      // A record larger than the whole bound is still taken into an empty buffer, or it could
      // never be logged.
      while (!closing
          && unwrittenBytes > 0
          && unwrittenBytes + line.length > settings.maxBufferedBytes()) {
        flushWanted.signal();
        if (waitNanos <= 0) {
          throw new PredictionLogFullException(
              unwrittenBytes, settings.maxBufferedBytes(), settings.fullBufferWait());
        }
        waitingForRoom++;
        try {
          waitNanos = roomFreed.awaitNanos(waitNanos);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted waiting for room in the prediction log");
        } finally {
          waitingForRoom--;
        }
      }
      if (closing) {
        throw new PredictionLogClosedException(settings.directory());
      }
      buffer.add(
          new Line(LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), line, records.size()));
      unwrittenBytes += line.length;
      pending.addAndGet(records.size());
      if (unwrittenBytes > earlyFlushBytes()) {
        flushWanted.signal(); // write now rather than at the end of the interval
      }
    } finally {
      bufferLock.unlock();
    }
  }

  @Override
  public long pending() {
    return pending.get();
  }

  /**
   * Writes and forces every record appended before this call. The flusher calls it each interval;
   * callers may too. On failure the records stay buffered, in order, for the next attempt.
   */
  public void flush() throws IOException {
    writeLock.lock();
    try {
      List<Line> batch;
      bufferLock.lock();
      try {
        batch = buffer;
        // Sized as the last batch: growing copies the list inside the lock the appends queue for,
        // and at tens of thousands of lines a flush that made them wait and park.
        buffer = new ArrayList<>(Math.max(16, batch.size()));
      } finally {
        bufferLock.unlock();
      }
      if (batch.isEmpty()) {
        return;
      }
      // What of batch is on disk: a later day's failure keeps earlier days'.
      Written written = new Written();
      try {
        write(batch, written);
      } finally {
        settle(batch, written);
      }
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    bufferLock.lock();
    try {
      closing = true;
      flushWanted.signalAll();
      roomFreed.signalAll();
    } finally {
      bufferLock.unlock();
    }
    boolean interrupted = false;
    while (flusher.isAlive()) {
      try {
        flusher.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    try {
      flush();
      writeLock.lock();
      try {
        if (dayFile != null) {
          dayFile.close();
          dayFile = null;
          dayFileDay = null;
        }
      } finally {
        writeLock.unlock();
      }
      closed = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Buffered bytes past which a flush starts before its interval ends: an eighth of the bound.
   * Under heavy load the flusher then writes back to back, a few MiB at a time, and each write and
   * force leaves most of the buffer for what arrives meanwhile. Waiting for half the bound made a
   * flush long enough on a slow disk (16 MiB written and forced) for the other half to fill, and
   * requests were refused.
   */
  private long earlyFlushBytes() {
    return settings.maxBufferedBytes() / 8;
  }

  private void runFlusher() {
    long intervalNanos = settings.flushInterval().toNanos();
    long next = System.nanoTime() + intervalNanos;
    boolean failed = false;
    while (true) {
      bufferLock.lock();
      try {
        long wait = next - System.nanoTime();
        if (failed) {
          // A failing disk is retried once an interval, however much is buffered: retrying at
          // once would spin and fill the log with the same error.
          while (!closing && wait > 0) {
            wait = flushWanted.awaitNanos(wait);
          }
        } else if (!closing
            && wait > 0
            && unwrittenBytes <= earlyFlushBytes()
            && (waitingForRoom == 0 || unwrittenBytes == 0)) {
          // Woken early when enough is buffered, an append waits for room or the log is closing;
          // not waiting at all when enough arrived during the last flush or an append is already
          // waiting (its signal may have come while this thread was writing, and been lost).
          flushWanted.awaitNanos(wait);
        }
        if (closing) {
          return; // close() writes the rest on its own thread, after this one has stopped
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        bufferLock.unlock();
      }
      next = System.nanoTime() + intervalNanos;
      failed = false;
      try {
        flush();
      } catch (IOException | RuntimeException e) {
        failed = true;
        LOG.log(
            System.Logger.Level.ERROR,
            "prediction log: writing to "
                + settings.directory()
                + " failed, "
                + pending()
                + " records kept in memory for the next attempt",
            e);
      }
      try {
        applyRetentionIfDue();
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "prediction log: retention pass failed", e);
      }
    }
  }

  /** The first {@code lines} lines of a batch, forced to disk, and their bytes and records. */
  private static final class Written {
    int lines;
    long bytes;
    long records;
  }

  /**
   * Accounts for the lines of {@code batch} that are on disk and puts the rest back at the front of
   * the buffer, in order, for the next attempt.
   */
  private void settle(List<Line> batch, Written written) {
    bufferLock.lock();
    try {
      if (written.lines < batch.size()) {
        List<Line> rest = new ArrayList<>(batch.subList(written.lines, batch.size()));
        rest.addAll(buffer);
        buffer = rest;
      }
      unwrittenBytes -= written.bytes;
      pending.addAndGet(-written.records);
      roomFreed.signalAll();
    } finally {
      bufferLock.unlock();
    }
  }

  /**
   * Writes the batch day by day, each day's lines forced before the next day's, counting in {@code
   * written} what is forced. One pass over the lines: by the time a flush runs they are no longer
   * in the processor's caches, and each further pass over tens of thousands of them cost as much
   * again. Called with writeLock held.
   */
  private void write(List<Line> batch, Written written) throws IOException {
    AppendOnlyFile file = null;
    LocalDate day = null;
    long start = 0;
    long bytes = 0;
    long records = 0;
    for (int i = 0; i < batch.size(); i++) {
      Line line = batch.get(i);
      if (!line.day().equals(day)) {
        if (file != null) {
          force(file, start);
          written.lines = i;
          written.bytes += bytes;
          written.records += records;
          bytes = 0;
          records = 0;
        }
        day = line.day();
        file = dayFile(day);
        start = file.length();
      }
      try {
        file.write(line.bytes());
      } catch (IOException e) {
        cutBackTo(file, start, e);
        throw e;
      }
      bytes += line.bytes().length;
      records += line.records();
    }
    if (file != null) {
      force(file, start);
      written.lines = batch.size();
      written.bytes += bytes;
      written.records += records;
    }
  }

  /** Forces what was written to the day file since {@code start}, or cuts it back to there. */
  private void force(AppendOnlyFile file, long start) throws IOException {
    try {
      file.force();
    } catch (IOException e) {
      cutBackTo(file, start, e);
      throw e;
    }
  }

  private void cutBackTo(AppendOnlyFile file, long start, IOException cause) {
    try {
      file.truncate(start);
    } catch (IOException e) {
      cause.addSuppressed(e);
      // The file may end in half a line; reopening cuts a torn tail (AppendOnlyFile.open).
      closeDayFileQuietly();
    }
  }

  // Called with writeLock held.
  private AppendOnlyFile dayFile(LocalDate day) throws IOException {
    if (dayFile != null && day.equals(dayFileDay)) {
      return dayFile;
    }
    if (dayFile != null) {
      dayFile.force();
      closeDayFileQuietly();
    }
    Path file = fileFor(day);
    boolean created = !Files.exists(file);
    AppendOnlyFile opened = AppendOnlyFile.open(file, staging);
    if (created) {
      forceDirectory();
    }
    dayFile = opened;
    dayFileDay = day;
    return opened;
  }

  private void forceDirectory() {
    // A new file's directory entry must reach the disk too, or a crash can lose the whole file.
    // Not every platform lets a directory be opened for force (Windows does not): best effort.
    try (FileChannel dir = FileChannel.open(settings.directory(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot force directory " + settings.directory(), e);
    }
  }

  private void closeDayFileQuietly() {
    if (dayFile == null) {
      return;
    }
    try {
      dayFile.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "prediction log: closing " + dayFile, e);
    }
    dayFile = null;
    dayFileDay = null;
  }

  private void applyRetentionIfDue() throws IOException {
    writeLock.lock();
    try {
      LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
      if (!today.equals(retentionRunFor)) {
        deleteFilesBefore(today.minusDays(settings.retentionDays()));
        retentionRunFor = today;
      }
    } finally {
      writeLock.unlock();
    }
  }

  // Called with writeLock held, so the open file is never deleted under the writer.
  private void deleteFilesBefore(LocalDate oldestKept) throws IOException {
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(settings.directory(), "predictions-*.jsonl")) {
      for (Path file : files) {
        Matcher m = FILE_NAME.matcher(file.getFileName().toString());
        if (!m.matches()) {
          continue;
        }
        LocalDate day;
        try {
          day = LocalDate.parse(m.group(1));
        } catch (DateTimeParseException e) {
          continue; // not one of ours
        }
        // The open file waits for the next pass: records may still be on their way to it.
        if (day.isBefore(oldestKept) && !day.equals(dayFileDay)) {
          Files.deleteIfExists(file);
          LOG.log(
              System.Logger.Level.INFO,
              "prediction log: deleted {0}, older than {1} days",
              file,
              settings.retentionDays());
        }
      }
    }
  }

  /** For tests: whether the flusher thread has stopped (it stops only on close). */
  boolean flusherStopped(Duration within) throws InterruptedException {
    flusher.join(TimeUnit.NANOSECONDS.toMillis(within.toNanos()) + 1);
    return !flusher.isAlive();
  }
}

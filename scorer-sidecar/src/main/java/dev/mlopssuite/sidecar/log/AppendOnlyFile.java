package dev.mlopssuite.sidecar.log;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One day file of the prediction log, appended to and forced by the log's writer only
 * (docs/scorer-sidecar.md, "How the bytes reach the disk: direct I/O where the file system takes
 * it").
 *
 * <p>Where the file system allows it, most bytes go to the disk by direct I/O ({@code O_DIRECT})
 * from the staging buffer, without a copy into the page cache. The sidecar never reads its log
 * back, so the cache gains nothing, and copying into it then forcing it cost 2.5–3 ns of kernel
 * time a byte on the project's machine against 0.08 for direct writes: for a single-row request,
 * most of what logging it cost.
 *
 * <p>A direct write only ever extends the file from a {@link #UNIT} boundary: the bytes up to the
 * next boundary, and the last partial unit at each {@link #force}, go through the page cache. A
 * direct write over a page a reader may have cached (the file's last, partial page) let readers see
 * zeros for a moment: Linux drops the cached page before the write, a reader can load it again
 * while the write is in flight, and ext4 raises the file's size before dropping it a second time.
 * Past the end of the file no page is ever cached, so nothing stale can be read there; and the file
 * holds exactly the bytes written at every moment, with no padding. Where direct I/O is refused
 * (some network, FUSE and overlay file systems), every byte goes through the page cache.
 *
 * <p>Not thread-safe: the log's write lock guards it.
 */
final class AppendOnlyFile implements Closeable {
  private static final System.Logger LOG = System.getLogger(AppendOnlyFile.class.getName());
  // Bytes gathered before a write: large writes, few system calls.
  private static final int STAGING_BYTES = 1 << 20;
  private static final int MIN_BLOCK = 512;

  /**
   * What direct writes are aligned to, in the file and in memory: the largest page size Linux uses
   * (64 KiB on some arm64 and ppc64 kernels), a multiple of every block size direct I/O is tried
   * with. At most this much a force goes through the page cache.
   */
  static final int UNIT = 64 * 1024;

  private final Path file;
  // Reads, the bytes up to a unit boundary, truncation and force.
  private final FileChannel cached;
  // Whole units past the end of the file, or null when direct I/O is not available or failed once.
  private FileChannel direct;
  // The alignment of direct writes (UNIT, or less in tests).
  private final int unit;
  // Index i holds the byte at file offset stagingStart + i (a multiple of unit). The first onDisk
  // bytes are already in the file and are not written again (after a reopen they are not even
  // read: only their count matters); the rest are not written yet.
  private final ByteBuffer staging;
  private long stagingStart;
  private int onDisk;

  private AppendOnlyFile(
      Path file, FileChannel cached, FileChannel direct, int unit, ByteBuffer staging) {
    this.file = file;
    this.cached = cached;
    this.direct = direct;
    this.unit = unit;
    this.staging = staging;
  }

  /**
   * A staging buffer for {@link #open}: 1 MiB of direct memory aligned to {@link #UNIT}. One serves
   * every file a log opens in turn.
   */
  static ByteBuffer stagingBuffer() {
    return ByteBuffer.allocateDirect(STAGING_BYTES + UNIT).alignedSlice(UNIT);
  }

  /**
   * Opens or creates {@code file}, cuts a torn last line a crash left (anything after the last
   * newline), and positions at its end.
   *
   * @param staging from {@link #stagingBuffer()}, used by no other open file
   */
  static AppendOnlyFile open(Path file, ByteBuffer staging) throws IOException {
    return open(file, UNIT, staging);
  }

  /**
   * As {@link #open(Path, ByteBuffer)}, aligning direct writes to {@code directUnit} bytes (1: no
   * direct I/O). Tests use 1, and an alignment the file system refuses.
   */
  static AppendOnlyFile open(Path file, int directUnit, ByteBuffer staging) throws IOException {
    if (staging.capacity() < 2 * UNIT || staging.alignmentOffset(0, UNIT) != 0) {
      throw new IllegalArgumentException("the staging buffer must come from stagingBuffer()");
    }
    FileChannel cached =
        FileChannel.open(
            file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    FileChannel direct = null;
    try {
      long end = wholeLinesEnd(cached);
      if (end < cached.size()) {
        LOG.log(
            System.Logger.Level.WARNING,
            "prediction log: cut a torn last line ({0} bytes) from {1}, left by a crash during a"
                + " write",
            cached.size() - end,
            file);
        cached.truncate(end);
      }
      // Asked of the file, which exists now: its file system is the one written to.
      if (directUnit > 1 && directIoPossible(file)) {
        direct = openDirect(file);
      }
      AppendOnlyFile opened =
          new AppendOnlyFile(file, cached, direct, direct == null ? 1 : directUnit, staging);
      opened.resumeAt(end);
      return opened;
    } catch (Throwable e) {
      // Any failure, an OutOfMemoryError included: the channels are not left open.
      closeAll(e, direct, cached);
      throw e;
    }
  }

  /** Whether bytes past a unit boundary are written by direct I/O. */
  boolean direct() {
    return direct != null;
  }

  /** The file's length once everything written so far is in it. */
  long length() {
    return stagingStart + staging.position();
  }

  /** Appends the bytes; they are in the file at the latest when {@link #force} returns. */
  void write(byte[] bytes) throws IOException {
    int offset = 0;
    while (offset < bytes.length) {
      int n = Math.min(staging.remaining(), bytes.length - offset);
      staging.put(bytes, offset, n);
      offset += n;
      if (!staging.hasRemaining()) {
        writeStaged(false);
      }
    }
  }

  /** Writes everything appended and forces it to the disk (fdatasync: data and length). */
  void force() throws IOException {
    writeStaged(true);
    cached.force(false);
  }

  /**
   * Cuts the file back to {@code length} bytes (after a failed write) and appends from there. The
   * bytes before {@code length} must be in the file (a length taken right after a force or an
   * open): staged bytes before it would be dropped and leave a hole.
   */
  void truncate(long length) throws IOException {
    long inFile = stagingStart + onDisk;
    if (length < 0 || length > inFile) {
      throw new IllegalArgumentException(
          "cannot cut "
              + file
              + " back to "
              + length
              + " bytes: only "
              + inFile
              + " are in the file;"
              + " force first");
    }
    cached.truncate(length);
    resumeAt(length);
  }

  /** Closes the file. Bytes written since the last {@link #force} may not be in it. */
  @Override
  public void close() throws IOException {
    closeAll(null, direct, cached);
  }

  @Override
  public String toString() {
    return file + (direct() ? " (direct I/O past " + unit + "-byte boundaries)" : " (page cache)");
  }

  /**
   * Writes the staged bytes up to the next unit boundary through the page cache, the whole units
   * after it by direct I/O, and, with {@code all}, the rest through the page cache; keeps what is
   * not written at the start of the buffer.
   */
  private void writeStaged(boolean all) throws IOException {
    int staged = staging.position();
    int head = Math.min(staged, unit);
    if (head > onDisk) {
      writeFully(cached, slice(onDisk, head), stagingStart + onDisk);
      onDisk = head;
    }
    if (staged >= unit) {
      // The file now ends on the boundary at stagingStart + unit.
      int whole = (staged - unit) - (staged - unit) % unit;
      if (whole > 0) {
        writeUnits(slice(unit, unit + whole), stagingStart + unit);
      }
      int kept = unit + whole;
      staging.limit(staged).position(kept);
      staging.compact();
      stagingStart += kept;
      onDisk = 0;
    }
    int rest = staging.position();
    if (all && rest > onDisk) {
      writeFully(cached, slice(onDisk, rest), stagingStart + onDisk);
      onDisk = rest;
    }
  }

  // Whole units starting at the end of the file, a unit boundary.
  private void writeUnits(ByteBuffer units, long at) throws IOException {
    if (direct == null) {
      writeFully(cached, units, at);
      return;
    }
    int from = units.position();
    try {
      writeFully(direct, units, at);
    } catch (IOException e) {
      // A file system can take O_DIRECT at open and refuse the writes (an alignment it does not
      // report, a FUSE or network file system): this file goes through the page cache from here
      // on, and the write is tried once more that way. A failure that is not about direct I/O (a
      // full disk) fails again there and reaches the log, which cuts back and retries later; the
      // file stays on the page cache until the log opens it again.
      LOG.log(
          System.Logger.Level.WARNING,
          "prediction log: a direct write to {0} failed ({1}); writing through the page cache"
              + " from now on",
          file,
          e.toString());
      closeAll(e, direct);
      direct = null;
      writeFully(cached, units.position(from), at);
    }
  }

  private ByteBuffer slice(int from, int to) {
    return staging.duplicate().limit(to).position(from);
  }

  // Nothing is read: the bytes before length in its unit are in the file and are never written
  // again, only counted.
  private void resumeAt(long length) {
    stagingStart = length - length % unit;
    onDisk = (int) (length - stagingStart);
    staging.clear().position(onDisk);
  }

  private static void writeFully(FileChannel channel, ByteBuffer bytes, long at)
      throws IOException {
    while (bytes.hasRemaining()) {
      at += channel.write(bytes, at);
    }
  }

  /** Whether the file system's block size is one direct writes aligned to {@link #UNIT} fit. */
  private static boolean directIoPossible(Path file) {
    try {
      long size = Files.getFileStore(file).getBlockSize();
      return size >= MIN_BLOCK && size <= UNIT && Long.bitCount(size) == 1;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static FileChannel openDirect(Path file) {
    try {
      return FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.log(
          System.Logger.Level.INFO,
          "prediction log: direct I/O is not available for {0} ({1}); writing through the page"
              + " cache",
          file,
          e.toString());
      return null;
    }
  }

  private static void closeAll(Throwable failure, FileChannel... channels) throws IOException {
    IOException first = null;
    for (FileChannel channel : channels) {
      if (channel == null) {
        continue;
      }
      try {
        channel.close();
      } catch (IOException e) {
        if (failure != null) {
          failure.addSuppressed(e);
        } else if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** The length of the file up to and including its last newline. */
  private static long wholeLinesEnd(FileChannel ch) throws IOException {
    long size = ch.size();
    ByteBuffer chunk = ByteBuffer.allocate(8192);
    long end = size;
    while (end > 0) {
      int len = (int) Math.min(chunk.capacity(), end);
      chunk.clear().limit(len);
      long at = end - len;
      while (chunk.hasRemaining()) {
        if (ch.read(chunk, at + chunk.position()) < 0) {
          break;
        }
      }
      for (int i = len - 1; i >= 0; i--) {
        if (chunk.get(i) == '\n') {
          return at + i + 1;
        }
      }
      end = at;
    }
    return 0;
  }
}

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
 * <p>Where the file system allows it, whole blocks go to the disk by direct I/O ({@code O_DIRECT})
 * from this class's buffer, without a copy into the page cache. The sidecar never reads its log
 * back, so the cache gains nothing, and copying into it then forcing it cost 2.5–3 ns of kernel
 * time a byte on the project's machine against 0.08 for direct writes: for a single-row request,
 * most of what logging it cost. The last, partial block is written through the page cache at each
 * {@link #force}, so the file holds exactly the bytes written, with no padding for a reader to see
 * at any moment; the next direct write rewrites that block whole. Where direct I/O is refused
 * (tmpfs, some network and overlay file systems), every byte goes through the page cache.
 *
 * <p>Not thread-safe: the log's write lock guards it.
 */
final class AppendOnlyFile implements Closeable {
  private static final System.Logger LOG = System.getLogger(AppendOnlyFile.class.getName());
  // Bytes gathered before a write: large writes, few system calls.
  private static final int STAGING_BYTES = 1 << 20;
  private static final int MIN_BLOCK = 512;
  private static final int MAX_BLOCK = 64 * 1024;
  static final int FILE_SYSTEM_BLOCK = 0;

  private final Path file;
  // Reads, the partial last block, truncation and force.
  private final FileChannel cached;
  // Whole blocks, or null when direct I/O is not available or failed once.
  private FileChannel direct;
  // Alignment of direct writes: the file system's block size (1 without direct I/O).
  private final int block;
  // Bytes from file offset stagingStart (a multiple of block) on: first the partial last block as
  // it is in the file (tailOnDisk bytes), then bytes not yet written.
  private final ByteBuffer staging;
  private long stagingStart;
  private int tailOnDisk;

  private AppendOnlyFile(Path file, FileChannel cached, FileChannel direct, int block) {
    this.file = file;
    this.cached = cached;
    this.direct = direct;
    this.block = block;
    this.staging = ByteBuffer.allocateDirect(STAGING_BYTES + 2 * block).alignedSlice(block);
  }

  /**
   * Opens or creates {@code file}, cuts a torn last line a crash left (anything after the last
   * newline), and positions at its end.
   *
   * @param tryDirect whether to write whole blocks by direct I/O where the file system allows it
   */
  static AppendOnlyFile open(Path file, boolean tryDirect) throws IOException {
    return open(file, tryDirect ? FILE_SYSTEM_BLOCK : 1);
  }

  /**
   * As {@link #open(Path, boolean)}, aligning direct writes to {@code directBlock} bytes: {@link
   * #FILE_SYSTEM_BLOCK} for the file system's block size, 1 for no direct I/O. Tests give a wrong
   * alignment to see a refused direct write.
   */
  static AppendOnlyFile open(Path file, int directBlock) throws IOException {
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
      int block = directBlock == FILE_SYSTEM_BLOCK ? directBlockSize(file) : directBlock;
      if (block > 1) {
        direct = openDirect(file);
      }
      AppendOnlyFile opened = new AppendOnlyFile(file, cached, direct, direct == null ? 1 : block);
      opened.resumeAt(end);
      return opened;
    } catch (IOException | RuntimeException e) {
      closeAll(e, direct, cached);
      throw e;
    }
  }

  /** Whether whole blocks are written by direct I/O. */
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
        writeWholeBlocks();
      }
    }
  }

  /** Writes everything appended and forces it to the disk (fdatasync: data and length). */
  void force() throws IOException {
    writeWholeBlocks();
    int staged = staging.position();
    if (staged > tailOnDisk) {
      writeFully(
          cached,
          staging.duplicate().limit(staged).position(tailOnDisk),
          stagingStart + tailOnDisk);
      tailOnDisk = staged;
    }
    cached.force(false);
  }

  /** Cuts the file back to {@code length} bytes (after a failed write) and appends from there. */
  void truncate(long length) throws IOException {
    cached.truncate(length);
    resumeAt(length);
  }

  @Override
  public void close() throws IOException {
    closeAll(null, direct, cached);
  }

  @Override
  public String toString() {
    return file + (direct() ? " (direct I/O, " + block + "-byte blocks)" : " (page cache)");
  }

  // Writes the staged whole blocks (every staged byte without direct I/O) and keeps the rest.
  private void writeWholeBlocks() throws IOException {
    int staged = staging.position();
    int whole = staged - staged % block;
    if (whole == 0) {
      return;
    }
    ByteBuffer blocks = staging.duplicate().limit(whole).position(0);
    if (direct == null) {
      writeFully(cached, blocks, stagingStart);
    } else {
      try {
        writeFully(direct, blocks, stagingStart);
      } catch (IOException e) {
        // A file system can take O_DIRECT at open and refuse the writes (an alignment it does not
        // report, a FUSE or network file system): this file goes through the page cache from here
        // on, and the write is tried once more that way. A failure that is not about direct I/O
        // (a full disk) fails again there and reaches the log, which cuts back and retries later.
        LOG.log(
            System.Logger.Level.WARNING,
            "prediction log: a direct write to {0} failed ({1}); writing through the page cache"
                + " from now on",
            file,
            e.toString());
        closeAll(e, direct);
        direct = null;
        writeFully(cached, blocks.position(0), stagingStart);
      }
    }
    staging.limit(staged).position(whole);
    staging.compact();
    stagingStart += whole;
    tailOnDisk = 0; // a partial block on disk is less than a block: it was in what was written
  }

  // Reads the file's partial last block, which the next direct write rewrites whole.
  private void resumeAt(long length) throws IOException {
    staging.clear();
    stagingStart = length - length % block;
    ByteBuffer tail = staging.duplicate().limit((int) (length - stagingStart));
    while (tail.hasRemaining()) {
      if (cached.read(tail, stagingStart + tail.position()) < 0) {
        throw new IOException(file + " is shorter than " + length + " bytes");
      }
    }
    staging.position(tail.position());
    tailOnDisk = staging.position();
  }

  private static void writeFully(FileChannel channel, ByteBuffer bytes, long at)
      throws IOException {
    while (bytes.hasRemaining()) {
      at += channel.write(bytes, at);
    }
  }

  /** The file system's block size when it is one direct I/O can align to, else 1. */
  private static int directBlockSize(Path file) {
    try {
      long size = Files.getFileStore(file).getBlockSize();
      boolean usable = size >= MIN_BLOCK && size <= MAX_BLOCK && Long.bitCount(size) == 1;
      return usable ? (int) size : 1;
    } catch (IOException | UnsupportedOperationException e) {
      return 1;
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

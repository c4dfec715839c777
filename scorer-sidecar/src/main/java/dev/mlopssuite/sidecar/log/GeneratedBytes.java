package dev.mlopssuite.sidecar.log;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Collects what a Jackson generator writes. The generator fills a buffer of its own (8,000 bytes)
 * and hands it over when full or closed, so a line shorter than that arrives in one write: kept as
 * an array of exactly its size, rather than filling a {@link java.io.ByteArrayOutputStream}'s
 * buffer and copying that once more at the end (twice the bytes of every single-row request's
 * line). Longer output (a batch's lines) goes into room for the expected size, grown as needed.
 */
final class GeneratedBytes extends OutputStream {
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final int expectedBytes;
  private byte[] bytes;
  private int size;

  /**
   * @param expectedBytes how much is likely to be written; a first write at least this long is kept
   *     at its own size
   */
  GeneratedBytes(int expectedBytes) {
    this.expectedBytes = expectedBytes;
  }

  @Override
  public void write(int b) {
    room(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int offset, int length) {
    if (bytes == null && length >= expectedBytes) {
      bytes = Arrays.copyOfRange(b, offset, offset + length);
      size = length;
      return;
    }
    room(length);
    System.arraycopy(b, offset, bytes, size, length);
    size += length;
  }

  /** What was written: the array itself when it holds exactly that. */
  byte[] toByteArray() {
    if (bytes == null) {
      return new byte[0];
    }
    return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
  }

  private void room(int more) {
    long needed = (long) size + more;
    if (bytes == null) {
      bytes = new byte[(int) Math.min(Math.max(needed, expectedBytes), MAX_ARRAY)];
    }
    if (needed > bytes.length) {
      if (needed > MAX_ARRAY) {
        throw new OutOfMemoryError("prediction log lines of " + needed + " bytes");
      }
      bytes = Arrays.copyOf(bytes, (int) Math.min(Math.max(needed, 2L * bytes.length), MAX_ARRAY));
    }
  }
}

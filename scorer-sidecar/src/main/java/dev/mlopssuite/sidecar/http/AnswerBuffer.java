package dev.mlopssuite.sidecar.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * An answer's bytes, handed to Jetty as they are: {@link #toByteArray()} would copy them once more
 * (a 1,000-row infer answer is about 50 KB). The buffer is not written to once handed over.
 */
final class AnswerBuffer extends ByteArrayOutputStream {
  AnswerBuffer(int initialCapacity) {
    super(initialCapacity);
  }

  /** The bytes written so far, not copied. */
  ByteBuffer written() {
    return ByteBuffer.wrap(buf, 0, count);
  }
}

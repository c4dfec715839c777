package dev.mlopssuite.sidecar.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/** A request's body, read whole within a size limit (docs/scorer-sidecar.md, "Endpoints"). */
final class RequestBody {
  // Up to this much of an oversized body is discarded before the 413 (see read).
  private static final long DRAIN_LIMIT_BYTES = 16L << 20;

  private RequestBody() {}

  /**
   * Reads the body, refusing it (413) from its declared length before buffering anything, or as
   * soon as a chunked body passes the limit. An oversized body is never buffered; its rest is read
   * and discarded up to {@link #DRAIN_LIMIT_BYTES} so that the client, still sending, receives the
   * 413 rather than a connection reset (closing a socket with unread input sends a TCP RST that can
   * destroy the answer in flight); past that the connection is closed.
   */
  static byte[] read(Request request, int maxBodyBytes)
      throws IOException, RejectedRequestException {
    long declared = request.getLength();
    InputStream in = Content.Source.asInputStream(request);
    if (declared > maxBodyBytes) {
      drain(in, declared <= DRAIN_LIMIT_BYTES);
      throw new RejectedRequestException(
          413,
          RejectedRequestException.Reason.TOO_LARGE,
          "body of "
              + declared
              + " bytes is over the limit of "
              + maxBodyBytes
              + " bytes; send smaller batches");
    }
    int capacity = (int) Math.min(declared >= 0 ? declared : 8192, maxBodyBytes);
    byte[] buffer = new byte[Math.max(capacity, 16)];
    int size = 0;
    while (true) {
      if (size == buffer.length) {
        // Full: one more byte says whether the body ends here. Growing first to find out copied
        // every body, whose length is almost always declared, to a buffer twice its size.
        int next = in.read();
        if (next < 0) {
          break;
        }
        if (size >= maxBodyBytes) {
          drain(in, true);
          throw overLimit(maxBodyBytes);
        }
        buffer = Arrays.copyOf(buffer, (int) Math.min(buffer.length * 2L, maxBodyBytes));
        buffer[size++] = (byte) next;
        continue;
      }
      int read = in.read(buffer, size, buffer.length - size);
      if (read < 0) {
        break;
      }
      size += read;
    }
    if (size > maxBodyBytes) {
      throw overLimit(maxBodyBytes);
    }
    if (size == 0) {
      throw RejectedRequestException.badRequest("the request body is empty; send a JSON object");
    }
    return size == buffer.length ? buffer : Arrays.copyOf(buffer, size);
  }

  private static RejectedRequestException overLimit(int maxBodyBytes) {
    return new RejectedRequestException(
        413,
        RejectedRequestException.Reason.TOO_LARGE,
        "body is over the limit of " + maxBodyBytes + " bytes; send smaller batches");
  }

  private static void drain(InputStream in, boolean drain) throws IOException {
    if (drain) {
      byte[] scratch = new byte[8192];
      long left = DRAIN_LIMIT_BYTES;
      int read;
      while (left > 0 && (read = in.read(scratch)) >= 0) {
        left -= read;
      }
    }
  }
}

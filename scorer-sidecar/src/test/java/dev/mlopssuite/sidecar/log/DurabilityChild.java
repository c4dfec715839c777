package dev.mlopssuite.sidecar.log;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The process {@link PredictionLogDurabilityTest} starts and then terminates: it appends records as
 * fast as it can and prints {@code ack <n>} for each one {@code append} accepted, the way the
 * service answers a request only after the append returned. Its main registers the shutdown hook,
 * as the service's main does.
 *
 * <p>Usage: {@code DurabilityChild <directory>}
 */
public final class DurabilityChild {
  private DurabilityChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    DailyPredictionLog log =
        DailyPredictionLog.open(PredictionLogSettings.defaults(Path.of(args[0])));
    AcknowledgingLog acknowledging = new AcknowledgingLog(log, out);
    DailyPredictionLog.closeOnShutdown(acknowledging);
    for (long n = 1; ; n++) {
      try {
        if (!acknowledging.appendAndAcknowledge(
            TestPredictions.record("c-" + n, "e" + (n % 97), Instant.now(), false), n)) {
          break;
        }
      } catch (IOException e) {
        break; // closed by the shutdown hook: the request would get a 503
      }
    }
    // Let the shutdown hook finish; the JVM halts when it does.
    Thread.sleep(Long.MAX_VALUE);
  }

  /**
   * Makes "append, then answer" one step with respect to close, as a request handler's response is:
   * a record the hook's close may flush is always one whose ack was printed, so the parent can
   * expect exactly the acknowledged records on disk, not "those plus maybe one".
   */
  private static final class AcknowledgingLog implements PredictionLog {
    private final PredictionLog log;
    private final PrintStream out;
    private boolean closed;

    AcknowledgingLog(PredictionLog log, PrintStream out) {
      this.log = log;
      this.out = out;
    }

    synchronized boolean appendAndAcknowledge(PredictionRecord record, long n) throws IOException {
      if (closed) {
        return false;
      }
      log.append(record);
      out.println("ack " + n);
      out.flush();
      return true;
    }

    @Override
    public void append(PredictionRecord record) throws IOException {
      throw new UnsupportedOperationException("use appendAndAcknowledge");
    }

    @Override
    public long pending() {
      return log.pending();
    }

    @Override
    public synchronized void close() throws IOException {
      closed = true;
      // For the test's report: how many acknowledged records only close() wrote.
      System.err.println("pending at close: " + log.pending());
      log.close();
    }
  }
}

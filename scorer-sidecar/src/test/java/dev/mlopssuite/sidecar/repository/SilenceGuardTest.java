package dev.mlopssuite.sidecar.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Test;

/** The guard's rules with fetches that block as a socket read on a silent server does. */
class SilenceGuardTest {
  private static final ObjectId HEAD =
      ObjectId.fromString("0123456789abcdef0123456789abcdef01234567");

  /** Waits for {@code release} and ignores interrupts, as a blocked socket read does. */
  private static void blockUntil(CountDownLatch release) {
    boolean interrupted = false;
    while (true) {
      try {
        release.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void pause(long millis) throws IOException {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException();
    }
  }

  @Test
  void silentFetchesAreAbandonedUpToTheBoundThenWaitedFor() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    try (SilenceGuard guard = new SilenceGuard(Duration.ofMillis(100), "0.1 s (test)")) {
      SilenceGuard.Fetch silent =
          progress -> {
            started.incrementAndGet();
            blockUntil(release);
            return HEAD;
          };
      for (int call = 1; call <= SilenceGuard.MAX_STUCK; call++) {
        IOException e = assertThrows(IOException.class, () -> guard.run(silent));
        assertTrue(e.getMessage().contains("no answer within 0.1 s (test)"), e.getMessage());
        assertTrue(e.getMessage().contains("abandoned"), e.getMessage());
        assertEquals(call, guard.stuckFetches());
        assertEquals(call, started.get(), "each call connected again");
      }
      IOException bounded = assertThrows(IOException.class, () -> guard.run(silent));
      assertTrue(
          bounded.getMessage().contains("3 earlier fetches are still stuck"), bounded.getMessage());
      IOException again = assertThrows(IOException.class, () -> guard.run(silent));
      assertTrue(again.getMessage().contains("still stuck"), again.getMessage());
      assertEquals(SilenceGuard.MAX_STUCK + 1, started.get(), "no fifth thread was left behind");

      release.countDown(); // the server speaks at last
      assertSame(HEAD, guard.run(silent), "the fetch waited for finishes");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (guard.stuckFetches() > 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(0, guard.stuckFetches(), "the abandoned threads ended with their reads");
    }
  }

  @Test
  void aFetchThatKeepsReportingProgressIsWaitedForPastTheLimit() throws Exception {
    try (SilenceGuard guard = new SilenceGuard(Duration.ofMillis(200), "0.2 s (test)")) {
      long started = System.nanoTime();
      ObjectId head =
          guard.run(
              progress -> {
                progress.beginTask("Receiving objects", 20);
                for (int i = 0; i < 20; i++) {
                  pause(50); // 1 s in all, never 0.2 s without a sign of life
                  progress.update(1);
                }
                progress.endTask();
                return HEAD;
              });
      assertSame(HEAD, head);
      assertTrue(System.nanoTime() - started > TimeUnit.MILLISECONDS.toNanos(900));
      assertEquals(0, guard.stuckFetches());
    }
  }

  @Test
  void whatTheFetchThrowsIsPassedOn() {
    try (SilenceGuard guard = new SilenceGuard(Duration.ofSeconds(5), "5 s (test)")) {
      IOException e =
          assertThrows(
              IOException.class,
              () ->
                  guard.run(
                      progress -> {
                        throw new IOException("Server key did not validate");
                      }));
      assertEquals("Server key did not validate", e.getMessage());
    }
  }
}

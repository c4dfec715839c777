package dev.mlopssuite.sidecar.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acknowledgement point, checked on a real process (docs/scorer-sidecar.md, "Prediction log and
 * alerts"): a child JVM appends and acknowledges records, is sent SIGTERM after {@value
 * #ACKNOWLEDGED} acknowledgements, and its shutdown hook closes the log. On disk there must then be
 * exactly the acknowledged records: each one, once, on whole lines.
 */
class PredictionLogDurabilityTest {
  private static final int ACKNOWLEDGED = 2_000;
  private static final Duration WITHIN = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void exactlyTheAcknowledgedRecordsAreOnDiskAfterSigterm() throws Exception {
    Path logDir = dir.resolve("log");
    // The acks go to a file, not a pipe: a pipe's last bytes can be lost to the reader when the
    // process exits while it is being read, and the test is about the last records.
    Path acks = dir.resolve("child-stdout.txt");
    Path stderr = dir.resolve("child-stderr.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                DurabilityChild.class.getName(),
                logDir.toString())
            .redirectOutput(acks.toFile())
            .redirectError(stderr.toFile())
            .start();
    try {
      long deadline = System.nanoTime() + WITHIN.toNanos();
      while (completeLines(acks) < ACKNOWLEDGED) {
        if (!child.isAlive() || System.nanoTime() > deadline) {
          fail(
              "child acknowledged only "
                  + completeLines(acks)
                  + " records within "
                  + WITHIN
                  + "; stderr:\n"
                  + Files.readString(stderr));
        }
        Thread.sleep(5);
      }
      child.destroy(); // SIGTERM on Linux and macOS: the shutdown hook closes the log
      assertTrue(child.waitFor(WITHIN.toSeconds(), TimeUnit.SECONDS), "no exit after SIGTERM");
      String errors = Files.readString(stderr);
      // 143 = 128 + SIGTERM: the JVM ran its shutdown hooks and exited on the signal.
      assertEquals(143, child.exitValue(), "stderr:\n" + errors);
      assertFalse(errors.contains("did not close cleanly"), errors);

      String out = Files.readString(acks, StandardCharsets.UTF_8);
      assertTrue(out.endsWith("\n"), "half an ack line");
      List<String> ackLines = out.lines().toList();
      long acknowledged = ackLines.size();
      for (int i = 0; i < ackLines.size(); i++) {
        assertEquals("ack " + (i + 1), ackLines.get(i));
      }
      assertTrue(acknowledged >= ACKNOWLEDGED);

      Set<String> onDisk = new HashSet<>();
      long lines = 0;
      try (Stream<Path> files = Files.list(logDir)) {
        for (Path file : files.sorted().toList()) {
          List<PredictionRecord> records = DailyPredictionLogTest.read(file);
          lines += records.size();
          records.forEach(r -> onDisk.add(r.requestId()));
        }
      }
      assertEquals(lines, onDisk.size(), "duplicate records on disk");
      for (long n = 1; n <= acknowledged; n++) {
        if (!onDisk.contains("c-" + n)) {
          fail("acknowledged record c-" + n + " of " + acknowledged + " is not on disk");
        }
      }
      assertEquals(acknowledged, lines, "records on disk that were never acknowledged");
      System.out.println(
          "durability: "
              + acknowledged
              + " acknowledged, all on disk; child said "
              + errors.strip());
    } finally {
      child.destroyForcibly();
    }
  }

  private static long completeLines(Path file) throws java.io.IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    byte[] bytes = Files.readAllBytes(file);
    long n = 0;
    for (byte b : bytes) {
      if (b == '\n') {
        n++;
      }
    }
    return n;
  }
}

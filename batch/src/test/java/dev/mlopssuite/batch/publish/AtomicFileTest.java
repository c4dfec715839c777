package dev.mlopssuite.batch.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed while it rewrites a file (what a killed {@code mlops:evaluate} does to
 * verdict.json) leaves the old content or the new one, never a truncated file.
 */
class AtomicFileTest {
  static final int SIZE = 4 << 20;

  /** Rewrites the file forever, each version one repeated letter, until it is killed. */
  public static void main(String[] args) throws Exception {
    Path target = Path.of(args[0]);
    byte[][] versions = new byte[26][];
    for (int v = 0; v < versions.length; v++) {
      versions[v] =
          String.valueOf((char) ('a' + v)).repeat(SIZE).getBytes(StandardCharsets.US_ASCII);
    }
    for (int i = 0; ; i++) {
      AtomicFile.write(target, versions[i % versions.length]);
      if (i == 0) {
        System.out.println("writing");
        System.out.flush();
      }
    }
  }

  @Test
  void aKillMidWriteLeavesAWholeFile(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("verdict.json");
    for (int round = 0; round < 8; round++) {
      Process writer =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  AtomicFileTest.class.getName(),
                  target.toString())
              .redirectErrorStream(true)
              .start();
      writer.getInputStream().read(); // the first version is on disk
      Thread.sleep(50 + 37L * round);
      writer.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      byte[] content = Files.readAllBytes(target);
      assertEquals(SIZE, content.length, "a killed writer left a truncated file");
      String text = new String(content, StandardCharsets.US_ASCII);
      assertTrue(text.chars().allMatch(c -> c == text.charAt(0)), "a mixed file");
    }
  }

  @Test
  void replacesAnExistingFile(@TempDir Path dir) throws Exception {
    Path target = dir.resolve("evaluation.json");
    Files.writeString(target, "old");
    AtomicFile.write(target, "new");
    assertEquals("new", Files.readString(target));
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left");
    }
  }
}

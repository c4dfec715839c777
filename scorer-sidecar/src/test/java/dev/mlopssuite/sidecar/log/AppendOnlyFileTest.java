package dev.mlopssuite.sidecar.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AppendOnlyFileTest {
  // File systems known to take O_DIRECT. tmpfs refused it before Linux 6.6 and takes it since:
  // there, only what is written is checked.
  private static final Set<String> DIRECT_IO_FILE_SYSTEMS = Set.of("ext4", "xfs", "btrfs");

  @TempDir Path dir;

  @ParameterizedTest(name = "try direct I/O: {0}")
  @ValueSource(booleans = {true, false})
  void theFileIsAlwaysAPrefixOfWhatWasWrittenAndAllOfItAfterEachForce(boolean tryDirect)
      throws IOException {
    Path file = dir.resolve("day.jsonl");
    Random random = new Random(42);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    AppendOnlyFile out = AppendOnlyFile.open(file, tryDirect);
    try {
      // Sizes around the block and staging sizes, with a force (and sometimes a reopen) between
      // some of them: partial blocks rewritten whole, staging filled many times over.
      int[] sizes = {1, 4095, 1, 4096, 100, 8191, 3 << 20, 17, (1 << 20) + 5, 600, 4096 * 3};
      for (int round = 0; round < 40; round++) {
        int size = round < sizes.length ? sizes[round] : 1 + random.nextInt(20_000);
        byte[] bytes = line(random, size);
        out.write(bytes);
        expected.write(bytes);
        assertPrefix(expected.toByteArray(), Files.readAllBytes(file));
        if (random.nextInt(3) > 0) {
          out.force();
          assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file), "after a force");
          assertEquals(expected.size(), out.length());
        }
        if (random.nextInt(8) == 0) {
          out.force();
          out.close();
          out = AppendOnlyFile.open(file, tryDirect);
          assertEquals(expected.size(), out.length(), "reopened at the end");
        }
      }
      out.force();
    } finally {
      out.close();
    }
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(file));
  }

  @ParameterizedTest(name = "try direct I/O: {0}")
  @ValueSource(booleans = {true, false})
  void truncatingCutsBackAndTheNextBytesFollowTheCut(boolean tryDirect) throws IOException {
    Path file = dir.resolve("day.jsonl");
    byte[] kept = line(new Random(1), 6000);
    byte[] failed = line(new Random(2), 9000);
    byte[] next = line(new Random(3), 300);
    try (AppendOnlyFile out = AppendOnlyFile.open(file, tryDirect)) {
      out.write(kept);
      out.force();
      out.write(failed);
      out.force();
      out.truncate(kept.length);
      assertEquals(kept.length, out.length());
      out.write(next);
      out.force();
    }
    assertArrayEquals(concat(kept, next), Files.readAllBytes(file));
  }

  @Test
  void directIoIsUsedWhereTheFileSystemTakesItAndTheBytesAreRightOnEveryFileSystem()
      throws IOException {
    checkDirectIoChoice(dir);
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      Path scratch = Files.createTempDirectory(shm, "append-only-file-test");
      try {
        checkDirectIoChoice(scratch);
      } finally {
        try (var files = Files.list(scratch)) {
          for (Path f : files.toList()) {
            Files.delete(f);
          }
        }
        Files.delete(scratch);
      }
    }
  }

  @Test
  void aRefusedDirectWriteGoesThroughThePageCacheAndLosesNothing() throws IOException {
    // Aligned to 512 bytes on a file system of 4 KiB blocks: the JDK refuses the first direct
    // write that is not 4 KiB aligned, as a file system refusing O_DIRECT writes would.
    Assumptions.assumeTrue(
        Files.getFileStore(dir).getBlockSize() > 512, "needs a file system of blocks over 512");
    Path file = dir.resolve("day.jsonl");
    byte[] first = line(new Random(4), 1000);
    byte[] second = line(new Random(5), 9000);
    try (AppendOnlyFile out = AppendOnlyFile.open(file, 512)) {
      assertTrue(out.direct(), "opened for direct I/O: " + out);
      out.write(first);
      out.force();
      out.write(second);
      out.force();
      assertTrue(!out.direct(), "back to the page cache after the refused write: " + out);
    }
    assertArrayEquals(concat(first, second), Files.readAllBytes(file));
  }

  private static void checkDirectIoChoice(Path directory) throws IOException {
    String type = Files.getFileStore(directory).type();
    Path file = directory.resolve("day.jsonl");
    byte[] bytes = line(new Random(7), 10_000);
    try (AppendOnlyFile out = AppendOnlyFile.open(file, true)) {
      if (DIRECT_IO_FILE_SYSTEMS.contains(type)) {
        assertTrue(out.direct(), type + " takes direct I/O: " + out);
      }
      out.write(bytes);
      out.force();
    }
    assertArrayEquals(bytes, Files.readAllBytes(file), type);
    try (AppendOnlyFile out = AppendOnlyFile.open(file, false)) {
      assertTrue(!out.direct(), "not asked for: " + out);
    }
  }

  /** Printable bytes ending in a newline, like the log's lines. */
  private static byte[] line(Random random, int size) {
    byte[] bytes = new byte[size];
    for (int i = 0; i < size - 1; i++) {
      bytes[i] = (byte) ('a' + random.nextInt(26));
    }
    bytes[size - 1] = '\n';
    return bytes;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static void assertPrefix(byte[] expected, byte[] actual) {
    assertTrue(actual.length <= expected.length, "the file is longer than what was written");
    assertArrayEquals(
        Arrays.copyOf(expected, actual.length),
        actual,
        "the file is not a prefix of what was written");
  }
}

package dev.mlopssuite.sidecar.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
    AppendOnlyFile out = open(file, tryDirect);
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
          out = open(file, tryDirect);
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
    try (AppendOnlyFile out = open(file, tryDirect)) {
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
  void cuttingBackPastWhatIsInTheFileIsRefusedRatherThanLeavingAHole() throws IOException {
    Path file = dir.resolve("day.jsonl");
    try (AppendOnlyFile out = open(file, true)) {
      out.write("a\n".getBytes(StandardCharsets.US_ASCII));
      long afterA = out.length();
      out.write("b\n".getBytes(StandardCharsets.US_ASCII));
      // "a\n" is only staged: cutting back to its end would drop it and leave zeros.
      assertThrows(IllegalArgumentException.class, () -> out.truncate(afterA));
      out.force();
      out.truncate(afterA);
      out.write("c\n".getBytes(StandardCharsets.US_ASCII));
      out.force();
    }
    assertEquals("a\nc\n", Files.readString(file, StandardCharsets.US_ASCII));
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
    try (AppendOnlyFile out = AppendOnlyFile.open(file, 512, AppendOnlyFile.stagingBuffer())) {
      assertTrue(out.direct(), "opened for direct I/O: " + out);
      out.write(first);
      out.force();
      out.write(second);
      out.force();
      assertTrue(!out.direct(), "back to the page cache after the refused write: " + out);
    }
    assertArrayEquals(concat(first, second), Files.readAllBytes(file));
  }

  @Test
  void aReaderNeverSeesAByteThatWasNotWrittenNorTheFileShrink() throws Exception {
    // A direct write over the file's last, partial page let a reader see zeros there for a
    // moment (thousands of times a minute on ext4): the page was cached again while the write was
    // in flight. Readers here re-read the file's last two pages as fast as they can.
    Path file = dir.resolve("day.jsonl");
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong reads = new AtomicLong();
    AtomicReference<String> seen = new AtomicReference<>();
    Files.createFile(file);
    Runnable reader =
        () -> {
          ByteBuffer buffer = ByteBuffer.allocate(2 * AppendOnlyFile.UNIT);
          long previous = 0;
          try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            while (!stop.get() && seen.get() == null) {
              long size = in.size();
              if (size < previous) {
                seen.set("the file shrank from " + previous + " to " + size + " bytes");
              }
              previous = size;
              long from = Math.max(0, (size & ~4095L) - 4096);
              buffer.clear();
              int n = Math.max(0, in.read(buffer, from));
              reads.incrementAndGet();
              for (int i = 0; i < n; i++) {
                if (buffer.get(i) == 0) {
                  seen.set("a zero byte at offset " + (from + i) + " of a file of " + size);
                  break;
                }
              }
            }
          } catch (IOException e) {
            seen.set(e.toString());
          }
        };
    Thread[] readers = {new Thread(reader), new Thread(reader)};
    for (Thread t : readers) {
      t.start();
    }
    Random random = new Random(11);
    long written = 0;
    try (AppendOnlyFile out = open(file, true)) {
      long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
      while (System.nanoTime() < end && seen.get() == null) {
        byte[] bytes = line(random, 20 + random.nextInt(random.nextInt(10) == 0 ? 20_000 : 1_500));
        out.write(bytes);
        out.force();
        written += bytes.length;
      }
    } finally {
      stop.set(true);
      for (Thread t : readers) {
        t.join();
      }
    }
    assertEquals(null, seen.get(), "after " + reads.get() + " reads");
    assertEquals(written, Files.size(file));
    assertTrue(reads.get() > 1000, "the readers read " + reads.get() + " times");
  }

  private static void checkDirectIoChoice(Path directory) throws IOException {
    String type = Files.getFileStore(directory).type();
    Path file = directory.resolve("day.jsonl");
    byte[] bytes = line(new Random(7), 10_000);
    try (AppendOnlyFile out = open(file, true)) {
      if (DIRECT_IO_FILE_SYSTEMS.contains(type)) {
        assertTrue(out.direct(), type + " takes direct I/O: " + out);
      }
      out.write(bytes);
      out.force();
    }
    assertArrayEquals(bytes, Files.readAllBytes(file), type);
    try (AppendOnlyFile out = open(file, false)) {
      assertTrue(!out.direct(), "not asked for: " + out);
    }
  }

  /** With direct I/O where the file system takes it, or only through the page cache. */
  private static AppendOnlyFile open(Path file, boolean tryDirect) throws IOException {
    return AppendOnlyFile.open(
        file, tryDirect ? AppendOnlyFile.UNIT : 1, AppendOnlyFile.stagingBuffer());
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

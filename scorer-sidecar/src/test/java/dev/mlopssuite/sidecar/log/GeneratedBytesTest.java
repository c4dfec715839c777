package dev.mlopssuite.sidecar.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GeneratedBytesTest {
  @Test
  void aSingleWriteIsKeptAsAnArrayOfItsOwnSize() {
    byte[] chunk = new byte[700];
    new Random(1).nextBytes(chunk);
    GeneratedBytes out = new GeneratedBytes(0);
    out.write(chunk, 100, 500);
    byte[] kept = out.toByteArray();
    assertEquals(500, kept.length);
    assertArrayEquals(java.util.Arrays.copyOfRange(chunk, 100, 600), kept);
    assertSame(kept, out.toByteArray(), "no copy once it is exact");
  }

  @Test
  void anySequenceOfWritesGivesWhatWasWritten() {
    Random random = new Random(2);
    for (int trial = 0; trial < 500; trial++) {
      GeneratedBytes out = new GeneratedBytes(random.nextInt(3) == 0 ? 0 : random.nextInt(20_000));
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      int writes = random.nextInt(12);
      for (int w = 0; w < writes; w++) {
        if (random.nextInt(4) == 0) {
          int b = random.nextInt(256);
          out.write(b);
          expected.write(b);
        } else {
          byte[] chunk = new byte[random.nextInt(9_000)];
          random.nextBytes(chunk);
          int offset = chunk.length == 0 ? 0 : random.nextInt(chunk.length);
          int length = random.nextInt(chunk.length - offset + 1);
          out.write(chunk, offset, length);
          expected.write(chunk, offset, length);
        }
      }
      assertArrayEquals(expected.toByteArray(), out.toByteArray(), "trial " + trial);
    }
  }
}

package dev.mlopssuite.sidecar.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantTest {
  @Test
  void formatsExactlyAsInstantToString() {
    Random random = new Random(5);
    long second = Instant.parse("2026-11-26T12:00:00Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      // Mostly near one another (the cached second is reused), sometimes anywhere in 0000..9999
      // and beyond; every kind of fraction: none, millis, micros, nanos, leading zeros.
      long s =
          random.nextInt(10) == 0
              ? random.nextLong(-62_167_219_200L, 400_000_000_000L)
              : second + random.nextInt(3);
      int nanos =
          switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            case 3 -> random.nextInt(1_000);
            default -> random.nextInt(1_000_000_000);
          };
      Instant instant = Instant.ofEpochSecond(s, nanos);
      assertEquals(instant.toString(), IsoInstant.format(instant));
    }
    assertEquals("1970-01-01T00:00:00Z", IsoInstant.format(Instant.EPOCH));
    assertEquals(Instant.MAX.toString(), IsoInstant.format(Instant.MAX));
    assertEquals(Instant.MIN.toString(), IsoInstant.format(Instant.MIN));
  }
}

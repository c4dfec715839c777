package dev.mlopssuite.batch.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OutOfTimeSplitTest {
  @Test
  void newestRowsValidateAndLabelsResolvedAfterTheCutoffArePurged() throws Exception {
    long[] ts = {5, 1, 9, 3, 7, 2, 8, 4, 6, 10};
    long[] resolved = {12, 2, 20, 4, 15, 9, 19, 5, 7, 21};
    OutOfTimeSplit split = OutOfTimeSplit.of(ts, resolved, 0.3);
    // 10 rows, 30% validation: cutoff = 3rd newest event time = 8
    assertEquals(8, split.cutoffMillis());
    assertArrayEquals(new int[] {2, 6, 9}, split.validation());
    // rows with ts < 8 and resolved ≤ 8: ts 1 (res 2), 3 (4), 4 (5), 6 (7); ts 5 (12), 7 (15), 2
    // (9) are purged
    assertArrayEquals(new int[] {1, 3, 7, 8}, split.training());
    assertEquals(3, split.purged());
    for (int i : split.training()) {
      assertTrue(ts[i] < split.cutoffMillis() && resolved[i] <= split.cutoffMillis());
    }
  }
}

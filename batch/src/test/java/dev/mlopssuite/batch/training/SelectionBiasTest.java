package dev.mlopssuite.batch.training;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.snapshot.SnapshotManifest;
import dev.mlopssuite.batch.snapshot.SnapshotStore;
import dev.mlopssuite.batch.testing.TrainingWorkspace;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.features.FeatureEngine;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On simulated data: within the last horizon before a cut, the rows the rule selects are no richer
 * in positives than the rest (beyond sampling noise). Choosing "resolved rows" fails this, because
 * there only positives have resolved (docs/selection-rule.md).
 */
class SelectionBiasTest {
  static ResolvedRows all;
  static SnapshotManifest snapshot;
  static long horizon;
  static long watermark;

  @BeforeAll
  static void prepare(@TempDir Path dir) throws Exception {
    TrainingWorkspace workspace = new TrainingWorkspace(dir).prepare(150, 60, "");
    var config = workspace.config(Map.of());
    SnapshotStore store = new SnapshotStore(config.workDirectory().resolve("snapshots"));
    snapshot = store.resolve("latest");
    try (DuckDbSession db = DuckDbSession.open(dir.resolve("spill"))) {
      all =
          ResolvedRows.read(
              db,
              store.directory(snapshot.id()).resolve(SnapshotManifest.DATA_FILE),
              new FeatureEngine(config.config().features()),
              "device_id",
              "ts",
              Progress.NONE);
    }
    horizon = snapshot.horizon().toMillis();
    watermark = snapshot.watermark().toEpochMilli();
  }

  /**
   * Whether the selected rows with τ in (boundary − H, boundary] have a positive rate above the
   * other selected rows by more than three standard errors.
   */
  static boolean richerInPositivesNear(int[] selected, long boundary) {
    int[] near =
        Arrays.stream(selected)
            .filter(i -> all.millis()[i] > boundary - horizon && all.millis()[i] <= boundary)
            .toArray();
    int[] rest =
        Arrays.stream(selected)
            .filter(i -> !(all.millis()[i] > boundary - horizon && all.millis()[i] <= boundary))
            .toArray();
    if (near.length == 0) {
      return false;
    }
    double pNear = Arrays.stream(near).map(i -> all.labels()[i]).average().orElse(0);
    double pRest = Arrays.stream(rest).map(i -> all.labels()[i]).average().orElse(0);
    double se = Math.sqrt(pRest * (1 - pRest) / near.length + pRest * (1 - pRest) / rest.length);
    return pNear > pRest + 3 * se + 1e-12;
  }

  @Test
  void theRuleSelectsNoRowsByHowFastTheirLabelArrived() throws Exception {
    RowSelection s =
        RowSelection.of(all.millis(), all.resolvedAtMillis(), horizon, watermark, 0.2, 0.15);
    assertFalse(richerInPositivesNear(s.validation(), watermark), "validation, before W");
    assertFalse(
        richerInPositivesNear(s.calibration(), s.validationCutoffMillis()),
        "calibration, before the validation cutoff");
    assertFalse(
        richerInPositivesNear(s.training(), s.trainingCutoffMillis()),
        "training, before the training cutoff");
  }

  @Test
  void choosingResolvedRowsFailsTheSameCheck() {
    // The former rule: the newest 20% of resolved rows validate, older rows resolved by the
    // cutoff train.
    long[] sorted = all.millis().clone();
    Arrays.sort(sorted);
    long cutoff = sorted[(int) Math.floor(sorted.length * 0.8)];
    int[] validation =
        IntStream.range(0, all.size()).filter(i -> all.millis()[i] >= cutoff).toArray();
    int[] training =
        IntStream.range(0, all.size())
            .filter(i -> all.millis()[i] < cutoff && all.resolvedAtMillis()[i] <= cutoff)
            .toArray();
    assertTrue(richerInPositivesNear(validation, watermark), "early positives before W");
    assertTrue(richerInPositivesNear(training, cutoff), "early positives before the cutoff");
  }
}

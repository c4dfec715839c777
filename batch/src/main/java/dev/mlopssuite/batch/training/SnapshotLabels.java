package dev.mlopssuite.batch.training;

import dev.mlopssuite.batch.config.MlopsConfig;
import dev.mlopssuite.batch.snapshot.SnapshotManifest;

/**
 * Label parameters come from the snapshot, never from today's configuration (docs/trust.md, "Decide
 * from what is recomputed"): a run trained on a 7-day snapshot with {@code -Dmlops.horizon=P1D}
 * would record a horizon its labels do not have. A contradiction is an error.
 */
public final class SnapshotLabels {
  private SnapshotLabels() {}

  public static void requireMatching(MlopsConfig config, SnapshotManifest snapshot)
      throws TrainingException {
    mismatch("horizon", config.horizon(), snapshot.horizon(), snapshot);
    mismatch("entityColumn", config.entityColumn(), snapshot.entityColumn(), snapshot);
    mismatch("timeColumn", config.timeColumn(), snapshot.timeColumn(), snapshot);
  }

  private static void mismatch(String key, Object configured, Object recorded, SnapshotManifest s)
      throws TrainingException {
    if (recorded != null && !recorded.equals(configured)) {
      throw new TrainingException(
          "mlops.yaml key '"
              + key
              + "' is "
              + configured
              + " but snapshot "
              + s.id()
              + " was labelled with "
              + recorded
              + ": label parameters come from the snapshot; backfill a snapshot with "
              + key
              + " "
              + configured
              + ", or drop the override");
    }
  }
}

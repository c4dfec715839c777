package dev.mlopssuite.batch.training;

import dev.mlopssuite.runtime.run.TrainingManifest;
import java.time.Instant;

/**
 * The split record written to the manifest, computed in one place so that evaluation can recompute
 * it from the snapshot and compare (docs/trust.md, "Decide from what is recomputed").
 */
public final class SplitSummary {
  private SplitSummary() {}

  public static TrainingManifest.Split of(ResolvedRows all, OutOfTimeSplit split) {
    ResolvedRows train = all.subset(split.training());
    ResolvedRows validation = all.subset(split.validation());
    return new TrainingManifest.Split(
        Instant.ofEpochMilli(split.cutoffMillis()),
        train.size(),
        validation.size(),
        split.purged(),
        all.unresolvedRows(),
        train.positives(),
        validation.positives());
  }
}

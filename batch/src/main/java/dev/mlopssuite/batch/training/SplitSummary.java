package dev.mlopssuite.batch.training;

import dev.mlopssuite.runtime.run.TrainingManifest;
import java.time.Instant;
import java.util.TreeMap;

/**
 * The split record written to the manifest, computed in one place so that evaluation can recompute
 * it from the snapshot and compare (docs/trust.md, "Decide from what is recomputed").
 */
public final class SplitSummary {
  private SplitSummary() {}

  public static TrainingManifest.Split of(ResolvedRows all, RowSelection selection) {
    ResolvedRows train = all.subset(selection.training());
    ResolvedRows calibration = all.subset(selection.calibration());
    ResolvedRows validation = all.subset(selection.validation());
    return new TrainingManifest.Split(
        Instant.ofEpochMilli(selection.validationCutoffMillis()),
        train.size(),
        validation.size(),
        selection.excluded(RowSelection.LABEL_KNOWN_AFTER_CUTOFF),
        all.unresolvedRows(),
        train.positives(),
        validation.positives(),
        selection.calibration().length == 0
            ? null
            : Instant.ofEpochMilli(selection.trainingCutoffMillis()),
        calibration.size(),
        calibration.positives(),
        new TreeMap<>(selection.excluded()));
  }
}

package dev.mlopssuite.runtime.run;

import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import dev.mlopssuite.runtime.model.Calibrator;
import dev.mlopssuite.runtime.model.RiskModel;
import java.nio.file.Path;
import java.util.List;

/**
 * What the run verifier found (docs/trust.md).
 *
 * @param directory the run directory
 * @param manifest the manifest as read (null when it could not be read)
 * @param manifestSha256 sha256 of manifest.json's bytes (null when there is no file)
 * @param featureSet the feature set the run scores with (v2: from the manifest; v1: null, the
 *     caller reads it from the recorded configuration)
 * @param model the model, loaded only when every file matched its hash (null otherwise)
 * @param calibrator its calibrator (format 1: none), null when the model is null
 * @param integrityProblems every integrity failure, each saying what and how to fix it
 * @param missingLineage manifest fields that are absent, null or empty
 */
public record RunVerification(
    Path directory,
    TrainingManifest manifest,
    String manifestSha256,
    FeatureSetDefinition featureSet,
    RiskModel model,
    Calibrator calibrator,
    List<String> integrityProblems,
    List<String> missingLineage) {

  public RunVerification {
    integrityProblems = List.copyOf(integrityProblems);
    missingLineage = List.copyOf(missingLineage);
  }

  public boolean intact() {
    return integrityProblems.isEmpty() && model != null;
  }

  public boolean valid() {
    return intact() && missingLineage.isEmpty();
  }

  /** For a run that must be trusted whole (a champion, a promotion): every problem, or nothing. */
  public RunVerification requireValid(String role) throws RunVerificationException {
    if (!valid()) {
      StringBuilder why = new StringBuilder();
      integrityProblems.forEach(p -> why.append("\n  - ").append(p));
      if (!missingLineage.isEmpty()) {
        why.append("\n  - lineage incomplete: missing ").append(missingLineage);
      }
      throw new RunVerificationException(
          "the "
              + role
              + " at "
              + directory
              + " fails verification:"
              + why
              + "\n  restore it from the model repository (or retrain); never edit a run by hand");
    }
    return this;
  }
}

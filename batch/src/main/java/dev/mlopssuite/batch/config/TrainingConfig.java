package dev.mlopssuite.batch.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mlopssuite.runtime.ConfigValueException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How {@code mlops:train} and {@code mlops:evaluate} run (docs/gates.md).
 *
 * @param snapshot snapshot id to train on, or {@code latest}
 * @param trainer logistic_regression | xgboost | random_forest | cart
 * @param hyperParameters trainer settings; unknown names are refused (see {@code TrainerFactory})
 * @param seed fixed seed of every random choice
 * @param validationFraction share of the newest matured rows held out for validation
 * @param calibration none | platt | isotonic | auto (auto: the lower Brier score on the calibration
 *     slice); docs/calibration.md
 * @param calibrationFraction share of the matured rows, just before validation, that fit the
 *     calibrator and nothing else
 * @param classWeighting balanced (positives weighted n_neg/n_pos) or none; default balanced, none
 *     for the tree trainers, which cannot be weighted (see the constructor)
 * @param threshold probability at or above which a row is predicted positive
 * @param eceBins equal-width bins of the expected calibration error
 * @param goldenExamples validation inputs recorded with their exact output probabilities
 * @param useUnresolvedRows must stay false: unresolved rows have no label; asking is an error
 * @param champion directory of the current champion model (absent: no champion yet)
 * @param policy the gate policy file (the model repository's .mlops/policy.yaml)
 * @param bootstrap explicit first model: relative gates pass without a champion, recorded
 * @param failOnGate fail the build when a gate fails
 * @param experimental mark the run as an experiment: it is trained and evaluated like any other but
 *     promotion refuses it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TrainingConfig(
    String snapshot,
    String trainer,
    Map<String, Object> hyperParameters,
    Long seed,
    Double validationFraction,
    String calibration,
    Double calibrationFraction,
    String classWeighting,
    Double threshold,
    Integer eceBins,
    Integer goldenExamples,
    Boolean useUnresolvedRows,
    String champion,
    String policy,
    Boolean bootstrap,
    Boolean failOnGate,
    Boolean experimental) {

  public static final Set<String> CALIBRATIONS = Set.of("none", "platt", "isotonic", "auto");

  public static final Set<String> TRAINERS =
      Set.of("logistic_regression", "xgboost", "random_forest", "cart");

  public TrainingConfig {
    snapshot = snapshot == null ? "latest" : snapshot;
    trainer = trainer == null ? "logistic_regression" : trainer;
    if (!TRAINERS.contains(trainer)) {
      throw new ConfigValueException(
          "trainer", trainer, "use one of " + new java.util.TreeSet<>(TRAINERS));
    }
    hyperParameters = hyperParameters == null ? Map.of() : new TreeMap<>(hyperParameters);
    seed = seed == null ? 42L : seed;
    validationFraction = validationFraction == null ? 0.2 : validationFraction;
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new ConfigValueException(
          "validationFraction",
          validationFraction,
          "use a fraction strictly between 0 and 1, e.g. 0.2");
    }
    calibration = calibration == null ? "auto" : calibration;
    if (!CALIBRATIONS.contains(calibration)) {
      throw new ConfigValueException(
          "calibration", calibration, "use one of none, platt, isotonic, auto");
    }
    calibrationFraction = calibrationFraction == null ? 0.15 : calibrationFraction;
    if (!(calibrationFraction > 0 && calibrationFraction + validationFraction < 0.8)) {
      throw new ConfigValueException(
          "calibrationFraction",
          calibrationFraction,
          "use a fraction > 0 that leaves training at least 20% of the rows with"
              + " validationFraction "
              + validationFraction
              + ", e.g. 0.15");
    }
    boolean tree = trainer.equals("cart") || trainer.equals("random_forest");
    classWeighting = classWeighting == null ? (tree ? "none" : "balanced") : classWeighting;
    if (!classWeighting.equals("balanced") && !classWeighting.equals("none")) {
      throw new ConfigValueException("classWeighting", classWeighting, "use 'balanced' or 'none'");
    }
    if (tree && classWeighting.equals("balanced")) {
      // Measured on the pacemaker example: weighted Tribuo 4.3.2 CART leaves gave probabilities
      // down to -0.0018, which the integrity gate rightly rejects. Refuse before training.
      throw new ConfigValueException(
          "classWeighting",
          classWeighting,
          "Tribuo's "
              + trainer
              + " gives probabilities outside [0, 1] when trained with example weights; use"
              + " classWeighting: none with trees, or a weighted trainer (logistic_regression,"
              + " xgboost)");
    }
    threshold = threshold == null ? 0.5 : threshold;
    if (!(threshold > 0 && threshold <= 1)) {
      throw new ConfigValueException(
          "threshold", threshold, "use a probability in (0, 1], e.g. 0.5");
    }
    eceBins = eceBins == null ? 15 : eceBins;
    if (eceBins < 1 || eceBins > 1000) {
      throw new ConfigValueException(
          "eceBins", eceBins, "use a bin count between 1 and 1000 (15 is customary)");
    }
    goldenExamples = goldenExamples == null ? 5 : goldenExamples;
    if (goldenExamples < 1 || goldenExamples > 100) {
      throw new ConfigValueException("goldenExamples", goldenExamples, "use between 1 and 100");
    }
    useUnresolvedRows = useUnresolvedRows != null && useUnresolvedRows;
    if (useUnresolvedRows) {
      throw new ConfigValueException(
          "useUnresolvedRows",
          true,
          "unresolved rows have no label and are never trainable (docs/selection-rule.md: never train on unresolved rows); remove the key");
    }
    policy = policy == null ? "policy.yaml" : policy;
    bootstrap = bootstrap != null && bootstrap;
    failOnGate = failOnGate == null || failOnGate;
    experimental = experimental != null && experimental;
  }

  public static TrainingConfig defaults() {
    return new TrainingConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null);
  }
}

package dev.mlopssuite.runtime.run;

import java.util.List;
import java.util.Map;

/**
 * The files a training run must hold, fixed by the manifest's format version and never by the
 * manifest's own file list: a manifest that leaves its model out of {@code artifacts} cannot get
 * the model loaded unchecked (docs/trust.md, "What a run must hold").
 */
public final class RunFormat {
  public static final String MANIFEST = "manifest.json";
  public static final String MODEL = "model.tribuo";
  public static final String METRICS = "metrics.json";
  public static final String IMPORTANCE = "feature_importance.json";
  public static final String BASELINE = "baseline_stats.json";
  public static final String EFFECTIVE_CONFIG = "effective-config.yaml";
  public static final String CALIBRATION = "calibration.json";
  public static final String VALIDATION_PREDICTIONS = "validation_predictions.parquet";

  /**
   * Version 2 carries the feature set itself (a service needs no YAML to score), the calibrator and
   * every validation prediction.
   */
  public static final int CURRENT = 2;

  private static final List<String> V1 =
      List.of(MODEL, METRICS, IMPORTANCE, BASELINE, EFFECTIVE_CONFIG);
  private static final List<String> V2 =
      List.of(
          MODEL,
          CALIBRATION,
          METRICS,
          IMPORTANCE,
          BASELINE,
          EFFECTIVE_CONFIG,
          VALIDATION_PREDICTIONS);
  private static final Map<Integer, List<String>> REQUIRED = Map.of(1, V1, 2, V2);

  private RunFormat() {}

  public static boolean known(int formatVersion) {
    return REQUIRED.containsKey(formatVersion);
  }

  /** Files besides manifest.json that a run of this format version must hold and hash. */
  public static List<String> requiredFiles(int formatVersion) {
    List<String> files = REQUIRED.get(formatVersion);
    if (files == null) {
      throw new IllegalArgumentException("unknown run format version " + formatVersion);
    }
    return files;
  }
}

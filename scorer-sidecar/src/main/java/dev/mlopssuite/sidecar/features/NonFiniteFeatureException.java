package dev.mlopssuite.sidecar.features;

import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.features.FeatureDefinition;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finite readings whose derived features are not finite: a mean, slope or spread over the entity's
 * window overflowed to ±Infinity or NaN (docs/scorer-sidecar.md, "Endpoints and metrics"). The
 * reading is refused and not kept. Carries the features that are not finite and the readings they
 * were derived from.
 */
public final class NonFiniteFeatureException extends MlopsException {
  private static final long serialVersionUID = 1L;

  private final List<String> features;
  private final List<String> readings;

  private NonFiniteFeatureException(String message, List<String> features, List<String> readings) {
    super(message);
    this.features = features;
    this.readings = readings;
  }

  /** Refuses {@code features} when one of them is not finite. */
  static void requireFinite(FeatureSetDefinition definition, double[] raw, double[] features)
      throws NonFiniteFeatureException {
    for (double value : features) {
      if (!Double.isFinite(value)) {
        throw of(definition, raw, features);
      }
    }
  }

  private static NonFiniteFeatureException of(
      FeatureSetDefinition definition, double[] raw, double[] features) {
    List<String> rawColumns = definition.rawColumns();
    List<String> names = new ArrayList<>();
    Set<String> columns = new LinkedHashSet<>();
    StringBuilder message = new StringBuilder("derived feature(s) not finite: ");
    for (int f = 0; f < features.length; f++) {
      if (!Double.isFinite(features[f])) {
        FeatureDefinition d = definition.definitions().get(f);
        message.append(names.isEmpty() ? "" : ", ").append(d.name()).append(" = ");
        message.append(features[f]).append(" (").append(d.aggregate().yamlName());
        message.append(" of ").append(d.column());
        message.append(d.window() == null ? "" : " over " + d.window()).append(')');
        names.add(d.name());
        columns.add(d.column());
      }
    }
    message.append("; from reading(s) ");
    List<String> readings = new ArrayList<>();
    for (String column : columns) {
      message.append(readings.isEmpty() ? "" : ", ").append(column).append(" = ");
      message.append(raw[rawColumns.indexOf(column)]);
      readings.add(column);
    }
    message.append(
        " with the entity's earlier readings in the window. Check the device's readings (a"
            + " value this large is not a plausible measurement) and send a corrected one; this"
            + " reading was not kept, so the entity's features are as before this request");
    return new NonFiniteFeatureException(
        message.toString(), List.copyOf(names), List.copyOf(readings));
  }

  /** The names of the derived features that are not finite, in the feature set's order. */
  public List<String> features() {
    return features;
  }

  /** The raw columns those features are derived from. */
  public List<String> readings() {
    return readings;
  }
}

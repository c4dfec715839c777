package dev.mlopssuite.sidecar.features;

import dev.mlopssuite.runtime.MlopsException;
import dev.mlopssuite.runtime.features.FeatureDefinition;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Finite readings whose derived features are not finite: a mean, slope or spread over the entity's
 * window overflowed to ±Infinity or NaN (docs/scorer-sidecar.md, "Endpoints and metrics"). The
 * reading is refused and not kept. Its message names the features that are not finite and the
 * readings they were derived from.
 */
public final class NonFiniteFeatureException extends MlopsException {
  private static final long serialVersionUID = 1L;

  private NonFiniteFeatureException(String message) {
    super(message);
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
    StringJoiner notFinite = new StringJoiner(", ");
    Set<String> columns = new LinkedHashSet<>();
    for (int f = 0; f < features.length; f++) {
      if (!Double.isFinite(features[f])) {
        FeatureDefinition d = definition.definitions().get(f);
        notFinite.add(
            d.name()
                + " = "
                + features[f]
                + " ("
                + d.aggregate().yamlName()
                + " of "
                + d.column()
                + (d.window() == null ? "" : " over " + d.window())
                + ")");
        columns.add(d.column());
      }
    }
    List<String> rawColumns = definition.rawColumns();
    StringJoiner readings = new StringJoiner(", ");
    for (String column : columns) {
      readings.add(column + " = " + raw[rawColumns.indexOf(column)]);
    }
    return new NonFiniteFeatureException(
        "derived feature(s) not finite: "
            + notFinite
            + "; from reading(s) "
            + readings
            + " with the entity's earlier readings in the window. Check the device's readings (a"
            + " value this large is not a plausible measurement) and send a corrected one; this"
            + " reading was not kept, so the entity's features are as before this request");
  }
}

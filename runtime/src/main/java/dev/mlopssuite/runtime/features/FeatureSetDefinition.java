package dev.mlopssuite.runtime.features;

import dev.mlopssuite.runtime.ConfigValueException;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code features:} section of mlops.yaml: a named, versioned feature set.
 *
 * <p>{@link #featureVersion()} = declared version + "-" + the first 12 hex digits of the sha256 of
 * the canonical JSON of the definitions (keys sorted, durations as ISO-8601), so that changing a
 * definition without bumping the version still yields a new feature version.
 */
public record FeatureSetDefinition(
    String name, Integer version, List<FeatureDefinition> definitions) {
  public FeatureSetDefinition {
    if (name == null || name.isBlank()) {
      throw new ConfigValueException("name", name, "name the feature set, e.g. pacemaker-risk");
    }
    if (version == null || version < 1) {
      throw new ConfigValueException(
          "version", version, "declare a version ≥ 1 and bump it when the features change");
    }
    if (definitions == null || definitions.isEmpty()) {
      throw new ConfigValueException("definitions", definitions, "list at least one feature");
    }
    definitions = List.copyOf(definitions);
    Set<String> names = new HashSet<>();
    for (FeatureDefinition definition : definitions) {
      if (!names.add(definition.name())) {
        throw new ConfigValueException(
            "definitions", definition.name(), "feature names must be unique");
      }
    }
  }

  /**
   * Refuses a feature named as a column the set reads unless it is that column's raw value: a
   * prediction record keeps the raw readings and the features by name side by side, and the reading
   * would be hidden under the feature. Checked where a configuration is loaded for training, not in
   * the constructor, so that the manifests of runs trained before the rule still read.
   *
   * @param section where the set sits in its configuration, e.g. {@code features}, for the error's
   *     key
   */
  public void requireFeatureNamesApartFromColumns(String section) {
    Set<String> columns = new HashSet<>(rawColumns());
    for (int i = 0; i < definitions.size(); i++) {
      FeatureDefinition d = definitions.get(i);
      if (columns.contains(d.name())
          && !(d.aggregate() == Aggregate.RAW && d.column().equals(d.name()))) {
        throw new ConfigValueException(
            section + ".definitions[" + i + "].name",
            d.name(),
            "is also the name of a telemetry column the features read; only that column's raw"
                + " value may be named so: rename this feature, e.g. "
                + d.name()
                + "_"
                + d.aggregate().yamlName());
      }
    }
  }

  public String featureVersion() {
    List<Map<String, String>> canonical = new ArrayList<>();
    for (FeatureDefinition d : definitions) {
      canonical.add(
          Map.of(
              "name",
              d.name(),
              "column",
              d.column(),
              "aggregate",
              d.aggregate().yamlName(),
              "window",
              d.window() == null ? "" : d.window().toString()));
    }
    return version
        + "-"
        + CanonicalJson.sha256(Map.of("name", name, "definitions", canonical)).substring(0, 12);
  }

  /** Distinct input columns in first-use order: the order of the raw values fed to the engine. */
  public List<String> rawColumns() {
    Set<String> columns = new LinkedHashSet<>();
    definitions.forEach(d -> columns.add(d.column()));
    return List.copyOf(columns);
  }

  public List<String> featureNames() {
    return definitions.stream().map(FeatureDefinition::name).toList();
  }
}

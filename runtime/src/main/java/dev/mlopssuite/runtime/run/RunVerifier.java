package dev.mlopssuite.runtime.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.mlopssuite.runtime.features.FeatureSetDefinition;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.lineage.Sha256;
import dev.mlopssuite.runtime.model.Calibrator;
import dev.mlopssuite.runtime.model.GoldenExample;
import dev.mlopssuite.runtime.model.ModelException;
import dev.mlopssuite.runtime.model.NoCalibration;
import dev.mlopssuite.runtime.model.RiskModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The one run verifier (docs/trust.md, "The run verifier"), used for the challenger and the
 * champion alike, and later by promotion and the scoring service. In this order: the manifest's own
 * sha256 against the value the caller holds; the files the format version requires, each against
 * its sha256; the feature set against the feature version; only then the model, from protobuf; then
 * the golden examples, bit for bit, each a probability in [0, 1].
 */
public final class RunVerifier {
  private static final PropertyNamingStrategies.NamingBase SNAKE_CASE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  /** Manifest fields a format-1 run cannot have: their absence is not a lineage gap there. */
  private static final Set<String> ADDED_IN_V2 = Set.of("feature_definitions");

  /** Flags whose absence means false: not lineage. */
  private static final Set<String> FLAGS = Set.of("experimental");

  /**
   * Verifies a run directory.
   *
   * @param expectedManifestSha256 the manifest sha256 the caller holds (a verdict, a champion
   *     reference, a promotion record), or null when it holds none
   * @throws RunFormatException when there is nothing to verify: no directory, an empty one, no
   *     manifest.json, or one that is not a manifest
   */
  public RunVerification verify(Path dir, String expectedManifestSha256) throws RunFormatException {
    byte[] manifestBytes = readManifestBytes(dir);
    String manifestSha = Sha256.of(manifestBytes);
    TrainingManifest manifest;
    JsonNode tree;
    try {
      manifest = TrainingManifest.parse(manifestBytes);
      tree = CanonicalJson.mapper().readTree(manifestBytes);
    } catch (IOException e) {
      throw new RunFormatException(
          dir.resolve(RunFormat.MANIFEST)
              + " is not a training manifest ("
              + e.getMessage().lines().findFirst().orElse("")
              + "): restore the run, or retrain",
          e);
    }
    if (!RunFormat.known(manifest.formatVersion())) {
      throw new RunFormatException(
          dir.resolve(RunFormat.MANIFEST)
              + " has format_version "
              + manifest.formatVersion()
              + ", which this version does not know (known: 1, 2): upgrade mlops-suite");
    }
    List<String> problems = new ArrayList<>();
    if (expectedManifestSha256 != null && !expectedManifestSha256.equals(manifestSha)) {
      problems.add(
          "manifest.json has sha256 "
              + manifestSha
              + " but "
              + expectedManifestSha256
              + " was expected: the manifest was changed after it was recorded");
    }
    checkFiles(dir, manifest, problems);
    FeatureSetDefinition featureSet = checkFeatureSet(manifest, problems);
    RiskModel model = null;
    Calibrator calibrator = new NoCalibration();
    if (problems.isEmpty()) {
      // Verify before deserializing: a file that fails its hash is never loaded.
      try {
        model = RiskModel.load(dir.resolve(RunFormat.MODEL), manifest.featureNames());
        if (manifest.formatVersion() >= 2) {
          calibrator = readCalibrator(dir.resolve(RunFormat.CALIBRATION));
        }
      } catch (ModelException e) {
        problems.add("the model does not load: " + e.getMessage());
        model = null;
      }
    }
    if (model != null) {
      checkGoldenExamples(model, calibrator, manifest, problems);
    }
    return new RunVerification(
        dir,
        manifest,
        manifestSha,
        featureSet,
        problems.isEmpty() ? model : null,
        problems.isEmpty() ? calibrator : null,
        problems,
        missingLineage(tree, manifest.formatVersion()));
  }

  private static byte[] readManifestBytes(Path dir) throws RunFormatException {
    if (!Files.isDirectory(dir)) {
      throw new RunFormatException(
          "no run directory at " + dir + ": name a directory written by mlops:train");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isEmpty()) {
        throw new RunFormatException(
            "the run directory "
                + dir
                + " is empty: restore the run from the model repository, or point at another");
      }
    } catch (IOException e) {
      throw new RunFormatException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    Path file = dir.resolve(RunFormat.MANIFEST);
    if (!Files.isRegularFile(file)) {
      throw new RunFormatException(
          dir
              + " holds no manifest.json: it is not a run written by mlops:train (restore the run,"
              + " or point at another)");
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new RunFormatException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void checkFiles(Path dir, TrainingManifest manifest, List<String> problems) {
    Map<String, String> listed =
        manifest.artifacts() == null ? Map.of() : new TreeMap<>(manifest.artifacts());
    for (String required : RunFormat.requiredFiles(manifest.formatVersion())) {
      if (!listed.containsKey(required)) {
        problems.add(
            "manifest.json lists no sha256 for "
                + required
                + ", which every format-"
                + manifest.formatVersion()
                + " run must hold: the manifest was edited or is incomplete");
      }
    }
    Path root = dir.toAbsolutePath().normalize();
    for (Map.Entry<String, String> artifact : listed.entrySet()) {
      Path file = root.resolve(artifact.getKey()).normalize();
      if (!file.startsWith(root) || file.equals(root)) {
        problems.add(
            "manifest.json lists '" + artifact.getKey() + "', a path outside the run directory");
        continue;
      }
      String expected = artifact.getValue();
      if (!Files.isRegularFile(file)) {
        problems.add(artifact.getKey() + " is missing (manifest.json records its sha256)");
        continue;
      }
      String actual = Sha256.ofFileUnchecked(file);
      if (!actual.equals(expected)) {
        problems.add(
            artifact.getKey()
                + " does not match its sha256 in manifest.json (expected "
                + abbreviate(expected)
                + ", found "
                + abbreviate(actual)
                + ")");
      }
    }
  }

  private static FeatureSetDefinition checkFeatureSet(
      TrainingManifest manifest, List<String> problems) {
    FeatureSetDefinition featureSet = manifest.featureDefinitions();
    if (manifest.formatVersion() < 2) {
      return null;
    }
    if (featureSet == null) {
      problems.add("manifest.json has no feature_definitions, which format 2 requires");
      return null;
    }
    if (!featureSet.featureVersion().equals(manifest.featureVersion())
        || !featureSet.featureNames().equals(manifest.featureNames())) {
      problems.add(
          "manifest.json's feature_definitions give feature version "
              + featureSet.featureVersion()
              + " and features "
              + featureSet.featureNames()
              + ", not the recorded "
              + manifest.featureVersion()
              + " and "
              + manifest.featureNames()
              + ": the manifest was edited");
      return null;
    }
    return featureSet;
  }

  private static Calibrator readCalibrator(Path file) throws ModelException {
    try {
      return CanonicalJson.mapper().readValue(file.toFile(), Calibrator.class);
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelException(
          "cannot read the calibrator "
              + file
              + ": "
              + e.getMessage().lines().findFirst().orElse(""),
          e);
    }
  }

  private static void checkGoldenExamples(
      RiskModel model, Calibrator calibrator, TrainingManifest manifest, List<String> problems) {
    List<GoldenExample> golden =
        manifest.goldenExamples() == null ? List.of() : manifest.goldenExamples();
    if (golden.isEmpty()) {
      problems.add("manifest.json records no golden examples: the model cannot be checked");
    }
    for (GoldenExample example : golden) {
      double[] x = new double[manifest.featureNames().size()];
      boolean complete = true;
      for (int f = 0; f < x.length; f++) {
        Double value = example.features().get(manifest.featureNames().get(f));
        complete &= value != null;
        x[f] = value == null ? Double.NaN : value;
      }
      String where = "golden example " + example.entity() + " @ " + example.ts();
      if (!complete) {
        problems.add(where + " lacks a value for some feature of " + manifest.featureNames());
        continue;
      }
      double p = model.probability(x);
      if (!(p >= 0 && p <= 1)) {
        problems.add(where + " gives " + p + ", not a probability in [0, 1]");
      } else if (Double.doubleToRawLongBits(p)
          != Double.doubleToRawLongBits(example.probability())) {
        problems.add(where + " gives " + p + ", manifest records " + example.probability());
      } else if (manifest.formatVersion() >= 2) {
        double calibrated = calibrator.apply(p);
        if (example.calibratedProbability() == null
            || Double.doubleToRawLongBits(calibrated)
                != Double.doubleToRawLongBits(example.calibratedProbability())) {
          problems.add(
              where
                  + " calibrates to "
                  + calibrated
                  + ", manifest records "
                  + example.calibratedProbability());
        }
      }
    }
  }

  /** Manifest fields that are absent, null or empty: the lineage gate's input. */
  static List<String> missingLineage(JsonNode tree, int formatVersion) {
    List<String> missing = new ArrayList<>();
    for (var component : TrainingManifest.class.getRecordComponents()) {
      String key = SNAKE_CASE.translate(component.getName());
      if ((formatVersion < 2 && ADDED_IN_V2.contains(key)) || FLAGS.contains(key)) {
        continue;
      }
      JsonNode value = tree.get(key);
      if (value == null
          || value.isNull()
          || (value.isTextual() && value.asText().isBlank())
          || (value.isContainerNode() && value.isEmpty())) {
        missing.add(key);
      }
    }
    return missing;
  }

  private static String abbreviate(String sha) {
    return sha == null || sha.length() < 12 ? String.valueOf(sha) : sha.substring(0, 12) + "…";
  }
}

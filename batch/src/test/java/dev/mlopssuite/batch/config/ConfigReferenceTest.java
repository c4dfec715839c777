package dev.mlopssuite.batch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The configuration reference is complete, takes its defaults from the records, and is in docs. */
class ConfigReferenceTest {
  private static final ConfigReference REFERENCE = ConfigReference.generate();
  private static final Map<String, ConfigKey> BY_PATH =
      REFERENCE.keys().stream().collect(Collectors.toMap(ConfigKey::path, Function.identity()));

  @Test
  void everyKeyHasAMeaning() {
    assertTrue(
        REFERENCE.undocumented().isEmpty(),
        "mlops.yaml keys without a meaning: "
            + REFERENCE.undocumented()
            + "; add a line 'key = one sentence' for each to batch/src/main/resources/"
            + "dev/mlopssuite/batch/config/"
            + ConfigReference.MEANINGS);
  }

  @Test
  void everyMeaningNamesAKey() {
    assertTrue(
        REFERENCE.unknownMeanings().isEmpty(),
        ConfigReference.MEANINGS
            + " names keys that mlops.yaml does not have: "
            + REFERENCE.unknownMeanings()
            + "; remove those lines or fix the key path (known keys: "
            + BY_PATH.keySet()
            + ")");
  }

  @Test
  void defaultsAreWhatLoadingProduces() {
    assertEquals("P7D", BY_PATH.get("horizon").defaultValue());
    assertEquals("0.2", BY_PATH.get("training.validationFraction").defaultValue());
    assertEquals("true", BY_PATH.get("training.failOnGate").defaultValue());
    assertEquals("failure_ts", BY_PATH.get("data.outcomeTimeColumn").defaultValue());
    assertEquals("2026-01-01T00:00:00Z", BY_PATH.get("simulator.start").defaultValue());
    assertEquals("raw", BY_PATH.get("features.definitions[].aggregate").defaultValue());
  }

  @Test
  void requiredKeysAreFoundByLoading() {
    for (String path :
        new String[] {"model", "data", "data.telemetry", "data.valueColumns", "features.name"}) {
      assertEquals(ConfigReference.REQUIRED, BY_PATH.get(path).defaultValue(), path);
    }
    // Optional and unset: no value, and not required either.
    assertEquals("", BY_PATH.get("backfill.asOf").defaultValue());
    assertEquals("", BY_PATH.get("features").defaultValue());
  }

  @Test
  void typesReadAsInYaml() {
    assertEquals("duration", BY_PATH.get("features.definitions[].window").type());
    assertEquals("list of string", BY_PATH.get("data.valueColumns").type());
    assertEquals("list of sections", BY_PATH.get("features.definitions").type());
    assertEquals(
        "raw | mean | slope | min | max | count | std | deviation",
        BY_PATH.get("features.definitions[].aggregate").type());
  }

  @Test
  void prefixSelectsASection() {
    assertTrue(REFERENCE.under("training").stream().allMatch(k -> k.isUnder("training")));
    assertEquals(REFERENCE.under("training"), REFERENCE.under("mlops.training"));
    assertEquals(1, REFERENCE.under("training.seed").size());
    assertTrue(REFERENCE.under("train").isEmpty(), "a prefix matches whole key segments only");
  }

  /** Sections, lists and maps of sections added later are walked without touching the walker. */
  @Test
  void newKeysAppearWithoutEditingTheGenerator() {
    java.util.Properties meanings = new java.util.Properties();
    meanings.setProperty("name", "The name.");
    ConfigReference sample = ConfigReference.of(Sample.class, meanings);
    Map<String, ConfigKey> keys =
        sample.keys().stream().collect(Collectors.toMap(ConfigKey::path, Function.identity()));
    assertEquals(
        java.util.List.of(
            "name",
            "engine",
            "engine.memoryLimit",
            "engine.threads",
            "ranges",
            "ranges.<name>.min",
            "ranges.<name>.max",
            "steps",
            "steps[].window"),
        sample.keys().stream().map(ConfigKey::path).toList());
    assertEquals(ConfigReference.REQUIRED, keys.get("name").defaultValue());
    assertEquals("2GB", keys.get("engine.memoryLimit").defaultValue());
    assertEquals("2", keys.get("engine.threads").defaultValue());
    assertEquals(ConfigReference.REQUIRED, keys.get("ranges.<name>.min").defaultValue());
    assertEquals("", keys.get("ranges.<name>.max").defaultValue());
    assertEquals("map of name → section", keys.get("ranges").type());
    assertEquals("P1D", keys.get("steps[].window").defaultValue());
    assertEquals(
        java.util.Set.of(
            "engine",
            "engine.memoryLimit",
            "engine.threads",
            "ranges",
            "ranges.<name>.min",
            "ranges.<name>.max",
            "steps",
            "steps[].window"),
        sample.undocumented());
  }

  record Sample(
      String name,
      SampleEngine engine,
      Map<String, SampleRange> ranges,
      java.util.List<SampleStep> steps) {
    Sample {
      if (name == null) {
        throw new dev.mlopssuite.runtime.ConfigValueException("name", null, "is required");
      }
      engine = engine == null ? new SampleEngine(null, null) : engine;
    }
  }

  record SampleEngine(String memoryLimit, Integer threads) {
    SampleEngine {
      memoryLimit = memoryLimit == null ? "2GB" : memoryLimit;
      threads = threads == null ? 2 : threads;
    }
  }

  record SampleRange(Double min, Double max) {
    SampleRange {
      if (min == null) {
        throw new dev.mlopssuite.runtime.ConfigValueException("min", null, "is required");
      }
    }
  }

  record SampleStep(java.time.Duration window) {
    SampleStep {
      window = window == null ? java.time.Duration.ofDays(1) : window;
    }
  }

  /**
   * docs/configuration.md is the generated text. With {@code -Dmlops.regenerateDocs=true} the test
   * writes it instead of comparing (see {@link ConfigReferenceText#REGENERATE}).
   */
  @Test
  void docsShowTheGeneratedReference() throws Exception {
    Path doc =
        Path.of(System.getProperty("basedir", ".")).resolve("../docs/configuration.md").normalize();
    String generated = ConfigReferenceText.markdown(REFERENCE);
    if (Boolean.getBoolean("mlops.regenerateDocs")) {
      Files.createDirectories(doc.getParent());
      Files.writeString(doc, generated, StandardCharsets.UTF_8);
    }
    String committed = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
    assertEquals(
        generated,
        committed,
        doc
            + " differs from the configuration records and "
            + ConfigReference.MEANINGS
            + "; regenerate it with: "
            + ConfigReferenceText.REGENERATE);
  }
}

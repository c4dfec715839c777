package dev.mlopssuite.sidecar.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The log's streaming writer against the canonical mapper it replaces on the scoring path: same
 * keys in the same order, values that read back exactly, and the committed sample byte for byte.
 */
class PredictionRecordJsonTest {
  private static final ObjectMapper JSON = CanonicalJson.mapper();
  private static final List<String> NAMES =
      List.of("readings_72h", "battery_voltage", "lead_impedance_max_72h", "battery_voltage_slope");

  @Test
  void theCommittedSampleIsWrittenByteForByte() throws Exception {
    Path sample = Path.of(getClass().getResource("/formats/predictions-2026-01-15.jsonl").toURI());
    PredictionRecord record =
        TestPredictions.record("req-1", "patient-17", Instant.parse("2026-01-15T10:00:00Z"), true);
    assertEquals(
        Files.readString(sample),
        new String(PredictionRecordJson.lines(List.of(record)), StandardCharsets.UTF_8));
  }

  @Test
  void randomRecordsReadBackEqualWithTheCanonicalKeyOrder() throws Exception {
    Random random = new Random(11);
    FeatureValues.Keys keys = FeatureValues.Keys.of(NAMES);
    List<PredictionRecord> records = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      double[] row = new double[NAMES.size()];
      for (int f = 0; f < row.length; f++) {
        // Every scale from subnormal to huge, negative zero and integers included.
        row[f] =
            switch (random.nextInt(5)) {
              case 0 -> random.nextGaussian() * Math.pow(10, random.nextInt(600) - 300);
              case 1 -> Double.longBitsToDouble(random.nextLong() & 0x000fffffffffffffL);
              case 2 -> -0.0;
              case 3 -> random.nextInt(1000);
              default -> random.nextDouble();
            };
      }
      Instant at = Instant.ofEpochMilli(1_767_225_600_000L + random.nextInt(1_000_000_000));
      records.add(
          new PredictionRecord(
              "req-\u00e9\"\n" + i,
              i % 7 == 0 ? null : "patient-" + i,
              at.minusSeconds(30),
              at,
              FeatureValues.of(keys, row),
              random.nextDouble(),
              random.nextDouble(),
              random.nextBoolean(),
              0.1,
              "pacemaker-failure-7d",
              "v" + i,
              "3f1c0a9e5b7d2c4a6e8f0b1d3c5a7e9f2b4d6c8a0e1f3b5d7c9a2e4f6b8d0c1a",
              "run-1",
              "snap-1",
              "fv2",
              "9b2e4c6a8d0f1e3b5a7c9d2f4e6b8a0c1d3e5f7a"));
    }
    String[] lines =
        new String(PredictionRecordJson.lines(records), StandardCharsets.UTF_8).split("\n", -1);
    assertEquals(records.size() + 1, lines.length, "one line per record, then the final newline");
    assertEquals("", lines[records.size()]);
    for (int i = 0; i < records.size(); i++) {
      PredictionRecord expected = records.get(i);
      PredictionRecord read = JSON.readValue(lines[i], PredictionRecord.class);
      assertEquals(expected, read);
      for (String name : NAMES) {
        assertEquals(
            Double.doubleToRawLongBits(expected.features().get(name)),
            Double.doubleToRawLongBits(read.features().get(name)),
            name);
      }
      assertEquals(
          fieldOrder(JSON.readTree(JSON.writeValueAsString(expected))),
          fieldOrder(JSON.readTree(lines[i])));
    }
  }

  private static List<String> fieldOrder(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      names.add(f.getKey());
      if (f.getValue().isObject()) {
        fieldOrder(f.getValue()).forEach(n -> names.add(f.getKey() + "." + n));
      }
    }
    return names;
  }

  @Test
  void nonAsciiTextIsWrittenAsTheCanonicalMapperWritesIt() throws Exception {
    // A client's entity may hold anything JSON can: characters beyond the BMP, a lone surrogate.
    for (String text :
        List.of("patient-\u00e9", "patient-\ud83d\ude00", "\ud800", "\u2028\u0000")) {
      PredictionRecord base =
          TestPredictions.record("req", text, Instant.parse("2026-01-15T10:00:00Z"), true);
      FeatureValues features =
          FeatureValues.of(
              FeatureValues.Keys.of(List.of("fr\u00e9quence", "x\ud83d\ude00", "plain")),
              new double[] {1.5, 2.5, 3.5});
      PredictionRecord record =
          new PredictionRecord(
              base.requestId(),
              text,
              base.eventTime(),
              base.scoredAt(),
              features,
              base.probabilityRaw(),
              base.probability(),
              base.riskFlag(),
              base.threshold(),
              "model-" + text,
              base.modelVersion(),
              base.manifestSha256(),
              base.trainingRun(),
              base.snapshotId(),
              base.featureVersion(),
              base.commit());
      // The log wrote UTF-8 bytes with the mapper before (writeValueAsBytes), not a String.
      assertEquals(
          new String(JSON.writeValueAsBytes(record), StandardCharsets.UTF_8) + "\n",
          new String(PredictionRecordJson.lines(List.of(record)), StandardCharsets.UTF_8),
          text);
    }
  }

  @Test
  void featureValuesIsAnOrdinaryImmutableMapInKeyOrder() {
    FeatureValues values =
        FeatureValues.of(FeatureValues.Keys.of(NAMES), new double[] {30, 2.8, 612.5, -0.01});
    Map<String, Double> expected = new LinkedHashMap<>();
    expected.put("battery_voltage", 2.8);
    expected.put("battery_voltage_slope", -0.01);
    expected.put("lead_impedance_max_72h", 612.5);
    expected.put("readings_72h", 30.0);
    assertEquals(expected, values);
    assertEquals(values, expected);
    assertEquals(expected.hashCode(), values.hashCode());
    assertEquals(List.copyOf(expected.keySet()), List.copyOf(values.keySet()));
    assertEquals(612.5, values.get("lead_impedance_max_72h"));
    assertNull(values.get("heart_rate"));
    assertThrows(UnsupportedOperationException.class, () -> values.put("x", 1.0));
    assertThrows(
        IllegalArgumentException.class,
        () -> FeatureValues.of(FeatureValues.Keys.of(NAMES), new double[] {1}));
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class, () -> FeatureValues.Keys.of(List.of("a", "b", "a")));
    assertTrue(twice.getMessage().contains("a appears twice"), twice.getMessage());
  }
}

package dev.mlopssuite.sidecar.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The prediction log's lines (docs/scorer-sidecar.md, "Prediction log format"): the committed
 * sample byte for byte, every record read back equal and bit for bit, a request's predictions on
 * one line while they share what a line holds once and within the size cap, and a clear error for a
 * line that is not one of the log's.
 */
class PredictionRecordJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> NAMES =
      List.of("readings_72h", "battery_voltage", "lead_impedance_max_72h", "battery_voltage_slope");

  /** The records of the committed sample: one scored reading, then a two-row infer request. */
  static List<PredictionRecord> sampleRecords() {
    Instant batchAt = Instant.parse("2026-01-15T10:05:00Z");
    return List.of(
        TestPredictions.record("req-1", "patient-17", Instant.parse("2026-01-15T10:00:00Z"), true),
        TestPredictions.record("req-2#0", "patient-17", batchAt, false),
        TestPredictions.record("req-2#1", "patient-17", batchAt, true));
  }

  @Test
  void theCommittedSampleIsWrittenByteForByteAndReadsBack() throws Exception {
    Path sample = Path.of(getClass().getResource("/formats/predictions-2026-01-15.jsonl").toURI());
    assertEquals(
        Files.readString(sample),
        new String(PredictionRecordJson.lines(sampleRecords()), StandardCharsets.UTF_8));
    assertEquals(2, Files.readAllLines(sample).size(), "one line per request");
    assertEquals(sampleRecords(), PredictionRecordJson.readFile(sample));
  }

  @Test
  void randomRecordsReadBackEqualBitForBitOnALinePerRun() throws Exception {
    Random random = new Random(11);
    FeatureValues.Keys keys = FeatureValues.Keys.of(NAMES);
    List<PredictionRecord> records = new ArrayList<>();
    List<Integer> runLengths = new ArrayList<>();
    for (int run = 0; records.size() < 2_000; run++) {
      // A run is one request: the same entity, times and lineage, as the scorer makes them.
      int length = 1 + random.nextInt(run % 5 == 0 ? 400 : 12);
      Instant at = Instant.ofEpochMilli(1_767_225_600_000L + random.nextInt(1_000_000_000));
      String entity = run % 7 == 0 ? null : "patient-\u00e9\"\n" + run;
      for (int i = 0; i < length; i++) {
        records.add(
            new PredictionRecord(
                "req-" + run + "#" + i,
                entity,
                at.minusSeconds(30),
                at,
                FeatureValues.of(keys, randomRow(random)),
                random.nextDouble(),
                random.nextDouble(),
                random.nextBoolean(),
                0.1,
                "pacemaker-failure-7d",
                "v" + run,
                "3f1c0a9e5b7d2c4a6e8f0b1d3c5a7e9f2b4d6c8a0e1f3b5d7c9a2e4f6b8d0c1a",
                "run-1",
                "snap-1",
                "fv2",
                "9b2e4c6a8d0f1e3b5a7c9d2f4e6b8a0c1d3e5f7a"));
      }
      runLengths.add(length);
    }
    byte[] bytes = PredictionRecordJson.lines(records);
    String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    assertEquals("", lines[lines.length - 1], "every line ends in a newline");
    List<PredictionRecord> read = new ArrayList<>();
    List<Integer> lineLengths = new ArrayList<>();
    for (int l = 0; l < lines.length - 1; l++) {
      int size = lines[l].getBytes(StandardCharsets.UTF_8).length + 1;
      assertTrue(size <= PredictionRecordJson.MAX_LINE_BYTES, "line " + l + " is " + size);
      assertKeysInAlphabeticalOrder(JSON.readTree(lines[l]));
      List<PredictionRecord> ofLine = PredictionRecordJson.read(lines[l]);
      read.addAll(ofLine);
      lineLengths.add(ofLine.size());
    }
    assertEquals(records, read);
    // A run is split only where the next record would pass the byte cap, and never joined with
    // the next run.
    int line = 0;
    for (int length : runLengths) {
      int left = length;
      while (left > 0) {
        int taken = lineLengths.get(line++);
        assertTrue(taken <= left, "a line took records of two runs");
        if (taken < left) {
          assertTrue(taken > 40, "a line of a long run closed early, at " + taken + " records");
        }
        left -= taken;
      }
    }
    assertEquals(lineLengths.size(), line);
    for (int i = 0; i < records.size(); i++) {
      for (String name : NAMES) {
        assertEquals(
            Double.doubleToRawLongBits(records.get(i).features().get(name)),
            Double.doubleToRawLongBits(read.get(i).features().get(name)),
            name);
      }
      assertEquals(
          Double.doubleToRawLongBits(records.get(i).probabilityRaw()),
          Double.doubleToRawLongBits(read.get(i).probabilityRaw()));
    }
  }

  private static double[] randomRow(Random random) {
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
    return row;
  }

  private static void assertKeysInAlphabeticalOrder(JsonNode line) {
    List<String> names = new ArrayList<>();
    line.fieldNames().forEachRemaining(names::add);
    assertEquals(names.stream().sorted().toList(), names);
  }

  @Test
  void aRecordThatDiffersInWhatALineSharesStartsANewLine() throws Exception {
    Instant at = Instant.parse("2026-01-15T10:00:00Z");
    PredictionRecord base = TestPredictions.record("a", "patient-1", at, false);
    List<PredictionRecord> variants =
        List.of(
            TestPredictions.record("b", "patient-2", at, false), // entity
            TestPredictions.record("c", "patient-1", at.plusMillis(1), false), // times
            with(base, "d", Map.of("heart_rate", 71.0)), // feature names
            withVersion(base, "v8")); // lineage
    for (PredictionRecord other : variants) {
      byte[] bytes = PredictionRecordJson.lines(List.of(base, other));
      String text = new String(bytes, StandardCharsets.UTF_8);
      assertEquals(2, text.split("\n").length, text);
      assertEquals(List.of(base, other), readAll(text));
    }
    // Only the records' own values differ: one line.
    PredictionRecord same = with(base, "e", Map.of("heart_rate", 60.0, "hr_mean_1h", 61.5));
    String text =
        new String(PredictionRecordJson.lines(List.of(base, same)), StandardCharsets.UTF_8);
    assertEquals(1, text.split("\n").length, text);
    assertEquals(List.of(base, same), readAll(text));
  }

  @Test
  void aLineStaysWithinItsByteCapUnlessOnePredictionAloneIsLarger() throws Exception {
    Instant at = Instant.parse("2026-01-15T10:00:00Z");
    PredictionRecord base = TestPredictions.record("x", "patient-1", at, false);
    List<PredictionRecord> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // Client ids of 2,000 characters, some of them escaped in JSON.
      records.add(with(base, i + "\u0001".repeat(500) + "-".repeat(1_500), base.features()));
    }
    records.add(with(base, "y".repeat(40_000), base.features())); // too long for any line
    String text = new String(PredictionRecordJson.lines(records), StandardCharsets.UTF_8);
    String[] lines = text.split("\n");
    assertTrue(lines.length > 2, "split into " + lines.length + " lines");
    for (int l = 0; l < lines.length - 1; l++) {
      int size = lines[l].getBytes(StandardCharsets.UTF_8).length + 1;
      assertTrue(size <= PredictionRecordJson.MAX_LINE_BYTES, "line " + l + " is " + size);
    }
    assertEquals(1, PredictionRecordJson.read(lines[lines.length - 1]).size());
    assertEquals(records, readAll(text));

    // Records without features, each number as long as a double's text gets (24 characters).
    double widest = -2.2250738585072014E-308;
    List<PredictionRecord> bare = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      bare.add(
          new PredictionRecord(
              "", null, at, at, null, widest, widest, false, 0.5, null, null, null, null, null,
              null, null));
    }
    String bareText = new String(PredictionRecordJson.lines(bare), StandardCharsets.UTF_8);
    for (String line : bareText.split("\n")) {
      int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
      assertTrue(size <= PredictionRecordJson.MAX_LINE_BYTES, "a line of " + size + " bytes");
    }
    assertEquals(bare, readAll(bareText));
  }

  @Test
  void aClientsShortNumberTextIsCopiedALongOneFormattedAndBothReadBackAsTheirValues()
      throws Exception {
    // Column 0: texts of at most 24 characters, not the shortest decimal of their double, copied.
    // Column 1: texts of over 300 characters, formatted instead, so no value costs more than a
    // formatted double.
    int rows = 400;
    FeatureValues.Keys keys = FeatureValues.Keys.of(List.of("b_short", "a_long"));
    StringBuilder chars = new StringBuilder();
    int[] start = new int[rows * 2];
    int[] length = new int[rows * 2];
    double[][] values = new double[rows][2];
    for (int i = 0; i < rows; i++) {
      String[] texts = {"-" + i + ".500000000000000000", i + "." + "0".repeat(300) + "1E-3"};
      for (int c = 0; c < 2; c++) {
        start[i * 2 + c] = chars.length();
        length[i * 2 + c] = texts[c].length();
        chars.append(texts[c]);
        values[i][c] = Double.parseDouble(texts[c]);
      }
    }
    NumberText text = new NumberText(2, chars.toString().toCharArray(), start, length);
    Instant at = Instant.parse("2026-01-15T10:00:00Z");
    PredictionRecord base = TestPredictions.record("r", "patient-1", at, false);
    List<PredictionRecord> records = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      records.add(with(base, "r#" + i, FeatureValues.of(keys, values[i], text, i)));
    }
    String written = new String(PredictionRecordJson.lines(records), StandardCharsets.UTF_8);
    String[] lines = written.split("\n");
    assertTrue(lines.length > 1, "split into " + lines.length + " lines");
    for (String line : lines) {
      int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
      assertTrue(size <= PredictionRecordJson.MAX_LINE_BYTES, "a line of " + size + " bytes");
    }
    assertTrue(written.contains("[\"a_long\",\"b_short\"]"), "names in alphabetical order");
    assertTrue(
        written.contains("[0.007,-7.500000000000000000]"), "short text copied, long formatted");
    assertFalse(written.contains("0".repeat(300)), "a long text is never copied");
    List<PredictionRecord> read = readAll(written);
    assertEquals(records, read);
    for (int i = 0; i < rows; i++) {
      assertEquals(
          Double.doubleToRawLongBits(values[i][0]),
          Double.doubleToRawLongBits(read.get(i).features().get("b_short")));
    }
  }

  /** The records make {@code lines} lines, which read back as the records. */
  private static void assertReadBackAsWritten(List<PredictionRecord> records, int lines)
      throws IOException {
    String text = new String(PredictionRecordJson.lines(records), StandardCharsets.UTF_8);
    assertEquals(lines, text.split("\n").length, text);
    assertEquals(records, readAll(text));
  }

  @Test
  void recordsWithoutFeaturesOrWithNullValuesReadBackAsWritten() throws Exception {
    Instant at = Instant.parse("2026-01-15T10:00:00Z");
    PredictionRecord base = TestPredictions.record("a", null, at, true);
    Map<String, Double> withNull = new LinkedHashMap<>();
    withNull.put("heart_rate", null);
    withNull.put("hr_mean_1h", 68.5);
    List<PredictionRecord> records =
        List.of(with(base, "a", null), with(base, "b", null), with(base, "c", withNull));
    assertReadBackAsWritten(records, 2);
  }

  @Test
  void nonFiniteNumbersAndANullRequestIdReadBackAsWritten() throws Exception {
    // Derived features can overflow from finite readings (a mean of two readings near
    // Double.MAX_VALUE): such a line must still read back, or one line would make a whole day's
    // file unreadable.
    Instant at = Instant.parse("2026-01-15T10:00:00Z");
    PredictionRecord base = TestPredictions.record("a", "patient-1", at, true);
    Map<String, Double> odd = new LinkedHashMap<>();
    odd.put("heart_rate", Double.POSITIVE_INFINITY);
    odd.put("hr_mean_1h", Double.NEGATIVE_INFINITY);
    PredictionRecord nonFinite = with(base, null, odd, Double.NaN, Double.NaN, false);
    List<PredictionRecord> records = List.of(base, nonFinite);
    assertReadBackAsWritten(records, 1);
  }

  @Test
  void featureNamesAreComparedAsNamesNotByAMapsOwnLookup() throws Exception {
    Instant at = Instant.parse("2026-01-15T10:00:00Z");
    PredictionRecord base = TestPredictions.record("a", "patient-1", at, true);
    // A case-insensitive map finds "a" under "A", but the names differ: two lines.
    Map<String, Double> upper = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    upper.put("A", 1.0);
    Map<String, Double> lower = new java.util.HashMap<>();
    lower.put("a", 2.0);
    List<PredictionRecord> records = List.of(with(base, "x", upper), with(base, "y", lower));
    assertReadBackAsWritten(records, 2);

    Map<String, Double> nullName = new java.util.HashMap<>();
    nullName.put(null, 1.0);
    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> PredictionRecordJson.lines(List.of(with(base, "z", nullName))));
    assertTrue(refused.getMessage().contains("feature names"), refused.getMessage());
  }

  @Test
  void nonAsciiTextReadsBackAsWritten() throws Exception {
    // A client's entity may hold anything JSON can: characters beyond the BMP, control characters.
    for (String text : List.of("patient-\u00e9", "patient-\ud83d\ude00", "\u2028\u0000")) {
      PredictionRecord base =
          TestPredictions.record("req", text, Instant.parse("2026-01-15T10:00:00Z"), true);
      FeatureValues features =
          FeatureValues.of(
              FeatureValues.Keys.of(List.of("fr\u00e9quence", "x\ud83d\ude00", "plain")),
              new double[] {1.5, 2.5, 3.5});
      PredictionRecord record =
          new PredictionRecord(
              base.requestId() + text,
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
      String line = new String(PredictionRecordJson.lines(List.of(record)), StandardCharsets.UTF_8);
      assertEquals(1, line.split("\n", -1).length - 1, "one line: " + line);
      assertEquals(List.of(record), readAll(line), text);
    }
  }

  @Test
  void aLoneSurrogateFromAClientIsWrittenNotRefused() throws Exception {
    // Not valid Unicode, so it cannot read back as itself; what matters is that the prediction is
    // logged (a refused write would fail the request) and the line stays valid JSON.
    PredictionRecord record =
        TestPredictions.record("req", "\ud800", Instant.parse("2026-01-15T10:00:00Z"), true);
    String line = new String(PredictionRecordJson.lines(List.of(record)), StandardCharsets.UTF_8);
    List<PredictionRecord> read = readAll(line);
    assertEquals(1, read.size());
    assertEquals(record.requestId(), read.get(0).requestId());
  }

  @Test
  void aLineThatIsNotALogLineIsRefusedNamingTheField() {
    String good =
        "{\"feature_names\":[\"a\"],\"features\":[[1.0]],\"probability\":[0.5],"
            + "\"probability_raw\":[0.4],\"request_id\":[\"r\"],\"risk_flag\":[true],"
            + "\"scored_at\":\"2026-01-15T10:00:00Z\",\"threshold\":0.5}";
    assertEquals(1, assertDoesNotThrowRead(good).size());
    Map<String, String> broken = new LinkedHashMap<>();
    broken.put("request_id", good.replace("\"request_id\":[\"r\"]", "\"request_id\":\"r\""));
    broken.put("probability", good.replace("\"probability\":[0.5]", "\"probability\":[0.5,0.6]"));
    broken.put("features[0]", good.replace("[[1.0]]", "[[1.0,2.0]]"));
    broken.put("risk_flag", good.replace("[true]", "[\"yes\"]"));
    broken.put("scored_at", good.replace("2026-01-15T10:00:00Z", "yesterday"));
    broken.put("threshold", good.replace("\"threshold\":0.5", "\"threshold\":\"high\""));
    broken.put("JSON object", "[1,2]");
    for (Map.Entry<String, String> e : broken.entrySet()) {
      IOException error =
          assertThrows(IOException.class, () -> PredictionRecordJson.read(e.getValue()));
      assertTrue(error.getMessage().contains(e.getKey()), e.getKey() + ": " + error.getMessage());
    }
  }

  private static List<PredictionRecord> assertDoesNotThrowRead(String line) {
    try {
      return PredictionRecordJson.read(line);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static List<PredictionRecord> readAll(String text) throws IOException {
    List<PredictionRecord> records = new ArrayList<>();
    for (String line : text.split("\n")) {
      records.addAll(PredictionRecordJson.read(line));
    }
    return records;
  }

  private static PredictionRecord with(
      PredictionRecord r, String requestId, Map<String, Double> features) {
    return with(r, requestId, features, r.probabilityRaw(), r.probability(), r.riskFlag());
  }

  /** {@code r} with a prediction's own values replaced; what a request shares is kept. */
  private static PredictionRecord with(
      PredictionRecord r,
      String requestId,
      Map<String, Double> features,
      double probabilityRaw,
      double probability,
      boolean riskFlag) {
    return new PredictionRecord(
        requestId,
        r.entity(),
        r.eventTime(),
        r.scoredAt(),
        features,
        probabilityRaw,
        probability,
        riskFlag,
        r.threshold(),
        r.model(),
        r.modelVersion(),
        r.manifestSha256(),
        r.trainingRun(),
        r.snapshotId(),
        r.featureVersion(),
        r.commit());
  }

  private static PredictionRecord withVersion(PredictionRecord r, String version) {
    return new PredictionRecord(
        "v-" + version,
        r.entity(),
        r.eventTime(),
        r.scoredAt(),
        r.features(),
        r.probabilityRaw(),
        r.probability(),
        r.riskFlag(),
        r.threshold(),
        r.model(),
        version,
        r.manifestSha256(),
        r.trainingRun(),
        r.snapshotId(),
        r.featureVersion(),
        r.commit());
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

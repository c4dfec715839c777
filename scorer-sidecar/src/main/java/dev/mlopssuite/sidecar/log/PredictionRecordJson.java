package dev.mlopssuite.sidecar.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes and reads the prediction log's lines (docs/scorer-sidecar.md, "Prediction log format"):
 * one line per request, holding what its predictions share once (request-level fields, lineage,
 * feature names) and what each prediction has of its own as parallel arrays (feature values,
 * probabilities, risk flags, request ids). The committed sample {@code
 * formats/predictions-2026-01-15.jsonl} fixes the form: keys in alphabetical order, ISO-8601
 * instants, no whitespace.
 *
 * <p>Why a line per request rather than per prediction: the log is on the scoring path, and a
 * 1,000-row request wrote its lineage and feature names a thousand times (about 770 bytes a
 * prediction). Serialising and writing those bytes cost four times the model's prediction and held
 * a batch request to a quarter of in-process speed. Shared once, a prediction takes about 245
 * bytes. A line still says everything about its predictions without any other line: {@link #read}
 * gives back the records that were written, equal and bit for bit (NaN's payload aside).
 *
 * <p>Consecutive records share a line while they share entity, event time, scoring time, threshold,
 * lineage and feature names, and while the line stays within {@link #MAX_LINE_BYTES}.
 *
 * <p>Feature values that come with their text ({@link NumberText}: an infer request's values as the
 * client wrote them) are copied, not formatted: the text is what the parser read as exactly the
 * value used. Other numbers are the shortest decimal that reads back as the same double (Jackson's
 * Schubfach writer). On Java 17, {@code Double.toString} is sometimes longer for magnitudes of 1e16
 * and more ({@code 9.999999999999999E22} where this writes {@code 1.0E23}); both read back as the
 * same double.
 */
public final class PredictionRecordJson {
  /**
   * The most bytes a line takes, unless one prediction alone needs more (a client's very long id or
   * entity): a request that would pass it continues on the next line. Under the 32 KiB a line may
   * have for line-oriented log shippers (Fluent Bit's tail input stops following a file whose line
   * passes its 32 KiB default buffer).
   */
  public static final int MAX_LINE_BYTES = 24 * 1024;

  // Worst cases, so that the estimate is never below the bytes written: a double's shortest
  // decimal is at most 24 characters (-2.2250738585072014E-308).
  private static final int NUMBER_BYTES = 25; // with its comma
  // A client's number text longer than a formatted double (up to Jackson's 1,000-character limit)
  // is formatted instead: a value never costs a line more than 25 bytes, whoever wrote it.
  private static final int MAX_COPIED_TEXT = NUMBER_BYTES - 1;
  private static final int FIELD_BYTES = 24; // a key, its quotes, colon and comma

  private static final JsonFactory JSON =
      new JsonFactoryBuilder()
          .rootValueSeparator((String) null)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .build();
  private static final ObjectMapper READER = new ObjectMapper();
  // A batch's lines are built in memory before they reach the log's buffer; beyond this the
  // room grows as needed rather than being reserved up front.
  private static final int MAX_BATCH_ROOM = 1 << 20;

  // Names and repeated values are encoded once: escaping strings byte by byte was most of the cost.
  private static final SerializedString COMMIT = new SerializedString("commit");
  private static final SerializedString ENTITY = new SerializedString("entity");
  private static final SerializedString EVENT_TIME = new SerializedString("event_time");
  private static final SerializedString FEATURE_NAMES = new SerializedString("feature_names");
  private static final SerializedString FEATURE_VERSION = new SerializedString("feature_version");
  private static final SerializedString FEATURES = new SerializedString("features");
  private static final SerializedString MANIFEST_SHA256 = new SerializedString("manifest_sha256");
  private static final SerializedString MODEL = new SerializedString("model");
  private static final SerializedString MODEL_VERSION = new SerializedString("model_version");
  private static final SerializedString PROBABILITY = new SerializedString("probability");
  private static final SerializedString PROBABILITY_RAW = new SerializedString("probability_raw");
  private static final SerializedString REQUEST_ID = new SerializedString("request_id");
  private static final SerializedString RISK_FLAG = new SerializedString("risk_flag");
  private static final SerializedString SCORED_AT = new SerializedString("scored_at");
  private static final SerializedString SNAPSHOT_ID = new SerializedString("snapshot_id");
  private static final SerializedString THRESHOLD = new SerializedString("threshold");
  private static final SerializedString TRAINING_RUN = new SerializedString("training_run");
  private static final int SLOTS = 2; // event_time, scored_at
  // Lineage strings (commit, model, version, ...) are the same for every prediction of a model
  // version: encoded once for all requests. Bounded, as the strings come from the repository.
  private static final int MAX_LINEAGE_STRINGS = 1_024;
  private static final ConcurrentHashMap<String, SerializedString> LINEAGE =
      new ConcurrentHashMap<>();

  private final JsonGenerator g;
  // The lines of one batch share their times (the same instances): each slot keeps the last value
  // it encoded and reuses it while the next line's is the same.
  private final Object[] lastValue = new Object[SLOTS];
  private final SerializedString[] lastEncoded = new SerializedString[SLOTS];

  private PredictionRecordJson(JsonGenerator g) {
    this.g = g;
  }

  /** The records as lines, each ending in a newline, in order. */
  public static byte[] lines(List<PredictionRecord> records) throws IOException {
    // One record's line (every single-row request) is written at once and kept as it is; a
    // batch's lines get room for their likely size.
    GeneratedBytes out =
        new GeneratedBytes(
            records.size() == 1 ? 0 : (int) Math.min(MAX_BATCH_ROOM, 1024 + records.size() * 256L));
    try (JsonGenerator g = JSON.createGenerator(out)) {
      PredictionRecordJson writer = new PredictionRecordJson(g);
      int from = 0;
      while (from < records.size()) {
        int to = lineEnd(records, from);
        writer.write(records.subList(from, to));
        g.writeRaw('\n');
        from = to;
      }
    }
    return out.toByteArray();
  }

  /** The end (exclusive) of the line that starts with record {@code from}. */
  private static int lineEnd(List<PredictionRecord> records, int from) {
    if (from + 1 == records.size()) {
      // A record is never split, so its line needs no estimate (every single-row request).
      return from + 1;
    }
    PredictionRecord first = records.get(from);
    long room = MAX_LINE_BYTES - sharedBytes(first) - ownBytes(first);
    int to = from + 1;
    while (to < records.size() && sameLine(first, records.get(to))) {
      room -= ownBytes(records.get(to));
      if (room < 0) {
        break;
      }
      to++;
    }
    return to;
  }

  /** At least the bytes a line spends on what its records share. */
  private static long sharedBytes(PredictionRecord r) {
    long bytes = 0;
    for (String s :
        new String[] {
          r.commit(),
          r.entity(),
          r.featureVersion(),
          r.manifestSha256(),
          r.model(),
          r.modelVersion(),
          r.snapshotId(),
          r.trainingRun()
        }) {
      bytes += stringBytes(s);
    }
    if (r.features() != null) {
      for (String name : r.features().keySet()) {
        bytes += stringBytes(name) + 1;
      }
    }
    // Seventeen keys, two instants of at most 30 characters, the threshold, braces.
    return bytes + 17 * FIELD_BYTES + 2 * 32 + NUMBER_BYTES + 2;
  }

  /** At least the bytes a line spends on one record's own values. */
  private static long ownBytes(PredictionRecord r) {
    long features = 0;
    if (r.features() instanceof FeatureValues values && values.hasText()) {
      for (int k = 0; k < values.size(); k++) {
        features += Math.min(values.sortedTextLength(k), MAX_COPIED_TEXT) + 1;
      }
    } else if (r.features() != null) {
      features = (long) r.features().size() * NUMBER_BYTES;
    }
    // The values and the row's brackets (or null), the two probabilities, the request id, the
    // risk flag, their commas.
    return features + 5 + 2 * NUMBER_BYTES + stringBytes(r.requestId()) + 1 + 6;
  }

  /** At least the bytes of {@code s} as a quoted JSON string, or of null. */
  private static long stringBytes(String s) {
    if (s == null) {
      return 4;
    }
    long bytes = 2;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20) {
        bytes += 6; // a control character is escaped as six bytes
      } else if (c == '"' || c == '\\') {
        bytes += 2;
      } else if (c < 0x80) {
        bytes += 1;
      } else {
        bytes += 6; // three bytes of UTF-8, or an escape for a lone surrogate
      }
    }
    return bytes;
  }

  /** Whether two records agree on everything a line holds once. */
  private static boolean sameLine(PredictionRecord a, PredictionRecord b) {
    return Objects.equals(a.entity(), b.entity())
        && Objects.equals(a.eventTime(), b.eventTime())
        && Objects.equals(a.scoredAt(), b.scoredAt())
        && Double.compare(a.threshold(), b.threshold()) == 0
        && Objects.equals(a.commit(), b.commit())
        && Objects.equals(a.model(), b.model())
        && Objects.equals(a.modelVersion(), b.modelVersion())
        && Objects.equals(a.manifestSha256(), b.manifestSha256())
        && Objects.equals(a.trainingRun(), b.trainingRun())
        && Objects.equals(a.snapshotId(), b.snapshotId())
        && Objects.equals(a.featureVersion(), b.featureVersion())
        && sameFeatureNames(a.features(), b.features());
  }

  private static boolean sameFeatureNames(Map<String, Double> a, Map<String, Double> b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof FeatureValues fa && b instanceof FeatureValues fb && fa.sameKeys(fb)) {
      return true;
    }
    // By the names themselves, not Set.equals: a map's own lookup may match names that differ.
    return sortedNames(a).equals(sortedNames(b));
  }

  /** The map's names in alphabetical order ({@link String#compareTo}), the order a line has. */
  private static List<String> sortedNames(Map<String, Double> features) {
    List<String> names = new ArrayList<>(features.keySet());
    for (String name : names) {
      if (name == null) {
        throw new IllegalArgumentException("a prediction's feature names must not be null");
      }
    }
    names.sort(null);
    return names;
  }

  // Keys in alphabetical order. The records agree on everything but their own arrays' elements.
  private void write(List<PredictionRecord> line) throws IOException {
    PredictionRecord first = line.get(0);
    g.writeStartObject();
    lineage(COMMIT, first.commit());
    g.writeFieldName(ENTITY);
    g.writeString(first.entity()); // the client's text: written as it is, never cached
    instant(0, EVENT_TIME, first.eventTime());
    g.writeFieldName(FEATURE_NAMES);
    featureNames(first.features());
    lineage(FEATURE_VERSION, first.featureVersion());
    g.writeFieldName(FEATURES);
    g.writeStartArray();
    for (PredictionRecord r : line) {
      featureValues(r.features());
    }
    g.writeEndArray();
    lineage(MANIFEST_SHA256, first.manifestSha256());
    lineage(MODEL, first.model());
    lineage(MODEL_VERSION, first.modelVersion());
    g.writeFieldName(PROBABILITY);
    g.writeStartArray();
    for (PredictionRecord r : line) {
      g.writeNumber(r.probability());
    }
    g.writeEndArray();
    g.writeFieldName(PROBABILITY_RAW);
    g.writeStartArray();
    for (PredictionRecord r : line) {
      g.writeNumber(r.probabilityRaw());
    }
    g.writeEndArray();
    g.writeFieldName(REQUEST_ID);
    g.writeStartArray();
    for (PredictionRecord r : line) {
      g.writeString(r.requestId()); // unique per record: not worth keeping
    }
    g.writeEndArray();
    g.writeFieldName(RISK_FLAG);
    g.writeStartArray();
    for (PredictionRecord r : line) {
      g.writeBoolean(r.riskFlag());
    }
    g.writeEndArray();
    instant(1, SCORED_AT, first.scoredAt());
    lineage(SNAPSHOT_ID, first.snapshotId());
    g.writeFieldName(THRESHOLD);
    g.writeNumber(first.threshold());
    lineage(TRAINING_RUN, first.trainingRun());
    g.writeEndObject();
  }

  private void lineage(SerializedString name, String value) throws IOException {
    g.writeFieldName(name);
    if (value == null) {
      g.writeNull();
      return;
    }
    SerializedString encoded = LINEAGE.get(value); // only ASCII strings are ever put in
    if (encoded == null) {
      if (!Ascii.is(value)) {
        // Jackson's pre-encoded strings write non-ASCII differently from its generator
        // (characters beyond the BMP raw rather than as \\u escapes, and refuse lone
        // surrogates): not cached.
        g.writeString(value);
        return;
      }
      if (LINEAGE.size() >= MAX_LINEAGE_STRINGS) {
        LINEAGE.clear();
      }
      encoded = new SerializedString(value);
      LINEAGE.put(value, encoded);
    }
    g.writeString(encoded);
  }

  private void instant(int slot, SerializedString name, Instant value) throws IOException {
    g.writeFieldName(name);
    if (value == null) {
      g.writeNull();
      return;
    }
    if (value != lastValue[slot]) {
      int other = 1 - slot;
      // An infer's event time is its scoring time: encoded once for both.
      lastEncoded[slot] =
          value.equals(lastValue[other])
              ? lastEncoded[other]
              : new SerializedString(IsoInstant.format(value)); // as Instant.toString writes it
      lastValue[slot] = value;
    }
    g.writeString(lastEncoded[slot]);
  }

  private void featureNames(Map<String, Double> features) throws IOException {
    if (features == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    if (features instanceof FeatureValues values) {
      for (int k = 0; k < values.size(); k++) {
        SerializedString encoded = values.sortedEncodedName(k);
        if (encoded != null) {
          g.writeString(encoded);
        } else {
          g.writeString(values.sortedName(k));
        }
      }
    } else {
      for (String name : sortedNames(features)) {
        g.writeString(name);
      }
    }
    g.writeEndArray();
  }

  private void featureValues(Map<String, Double> features) throws IOException {
    if (features == null) {
      g.writeNull();
      return;
    }
    g.writeStartArray();
    if (features instanceof FeatureValues values && values.hasText()) {
      // The client's text of each value: read as exactly this double, so it reads back as it.
      char[] chars = values.textChars();
      for (int k = 0; k < values.size(); k++) {
        int length = values.sortedTextLength(k);
        if (length <= MAX_COPIED_TEXT) {
          g.writeNumber(chars, values.sortedTextStart(k), length);
        } else {
          g.writeNumber(values.sortedValue(k));
        }
      }
    } else if (features instanceof FeatureValues values) {
      for (int k = 0; k < values.size(); k++) {
        g.writeNumber(values.sortedValue(k));
      }
    } else {
      for (String name : sortedNames(features)) {
        Double value = features.get(name);
        if (value == null) {
          g.writeNull();
        } else {
          g.writeNumber(value);
        }
      }
    }
    g.writeEndArray();
  }

  /**
   * The records of every line of a log file, in order: what realized performance reads once labels
   * mature.
   *
   * @throws IOException naming the file and line when a line is not a prediction log line
   */
  public static List<PredictionRecord> readFile(Path file) throws IOException {
    List<PredictionRecord> records = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int number = 0;
      while ((line = in.readLine()) != null) {
        number++;
        if (line.isEmpty()) {
          continue;
        }
        try {
          records.addAll(read(line));
        } catch (IOException e) {
          throw new IOException(file + ", line " + number + ": " + e.getMessage(), e);
        }
      }
    }
    return records;
  }

  /**
   * The records of one line, in order.
   *
   * @throws IOException naming the field when the line is not a prediction log line
   */
  public static List<PredictionRecord> read(String line) throws IOException {
    JsonNode root = READER.readTree(line);
    if (root == null || !root.isObject()) {
      throw new IOException("a prediction log line is a JSON object, got: " + abbreviate(line));
    }
    JsonNode ids = array(root, "request_id");
    int n = ids.size();
    JsonNode probability = array(root, "probability", n);
    JsonNode probabilityRaw = array(root, "probability_raw", n);
    JsonNode riskFlag = array(root, "risk_flag", n);
    JsonNode rows = array(root, "features", n);
    JsonNode namesNode = root.get("feature_names");
    List<String> names = null;
    if (namesNode != null && !namesNode.isNull()) {
      names = new ArrayList<>();
      for (JsonNode name : array(root, "feature_names")) {
        names.add(text(name, "feature_names"));
      }
    }
    List<PredictionRecord> records = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      records.add(
          new PredictionRecord(
              ids.get(i).isNull() ? null : text(ids.get(i), "request_id"),
              optionalText(root, "entity"),
              instant(root, "event_time"),
              instant(root, "scored_at"),
              features(names, rows.get(i), i),
              number(probabilityRaw.get(i), "probability_raw"),
              number(probability.get(i), "probability"),
              flag(riskFlag.get(i)),
              number(root.get("threshold"), "threshold"),
              optionalText(root, "model"),
              optionalText(root, "model_version"),
              optionalText(root, "manifest_sha256"),
              optionalText(root, "training_run"),
              optionalText(root, "snapshot_id"),
              optionalText(root, "feature_version"),
              optionalText(root, "commit")));
    }
    return records;
  }

  private static Map<String, Double> features(List<String> names, JsonNode row, int index)
      throws IOException {
    if (names == null || row.isNull()) {
      if (names == null && row.isNull()) {
        return null;
      }
      throw new IOException(
          "features[" + index + "] and feature_names must both be null or both be arrays");
    }
    if (!row.isArray() || row.size() != names.size()) {
      throw new IOException(
          "features["
              + index
              + "] must be an array of "
              + names.size()
              + " numbers (one per"
              + " feature_names entry), got: "
              + abbreviate(row.toString()));
    }
    Map<String, Double> values = new LinkedHashMap<>(names.size() * 2);
    Iterator<JsonNode> it = row.elements();
    for (String name : names) {
      JsonNode value = it.next();
      values.put(name, value.isNull() ? null : number(value, "features[" + index + "]"));
    }
    return values;
  }

  private static JsonNode array(JsonNode root, String field) throws IOException {
    JsonNode node = root.get(field);
    if (node == null || !node.isArray()) {
      throw new IOException("field " + field + " must be an array");
    }
    return node;
  }

  private static JsonNode array(JsonNode root, String field, int size) throws IOException {
    JsonNode node = array(root, field);
    if (node.size() != size) {
      throw new IOException(
          "field " + field + " has " + node.size() + " elements, request_id has " + size);
    }
    return node;
  }

  private static String text(JsonNode node, String field) throws IOException {
    if (node == null || !node.isTextual()) {
      throw new IOException("field " + field + " must hold strings");
    }
    return node.textValue();
  }

  private static String optionalText(JsonNode root, String field) throws IOException {
    JsonNode node = root.get(field);
    return node == null || node.isNull() ? null : text(node, field);
  }

  private static Instant instant(JsonNode root, String field) throws IOException {
    String text = optionalText(root, field);
    try {
      return text == null ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IOException("field " + field + " must be an ISO-8601 instant, got " + text, e);
    }
  }

  private static double number(JsonNode node, String field) throws IOException {
    if (node != null && node.isNumber()) {
      return node.doubleValue();
    }
    // JSON has no NaN or infinities: Jackson writes them as these strings, and so reads them.
    if (node != null && node.isTextual()) {
      switch (node.textValue()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw new IOException("field " + field + " must hold numbers");
  }

  private static boolean flag(JsonNode node) throws IOException {
    if (node == null || !node.isBoolean()) {
      throw new IOException("field risk_flag must hold booleans");
    }
    return node.booleanValue();
  }

  private static String abbreviate(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }
}

package dev.mlopssuite.sidecar.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes prediction records as JSON lines (docs/scorer-sidecar.md, "Prediction log format") in the
 * canonical form of the runtime's {@code CanonicalJson} (keys sorted, ISO-8601 instants, no
 * whitespace) that the committed sample {@code formats/predictions-2026-01-15.jsonl} fixes, and
 * readable back with it. Written field by field on Jackson's streaming generator rather than
 * through data binding because the log is on the scoring path: data binding's reflection, boxing
 * and per-record map sorting cost three times the model's own prediction.
 *
 * <p>One difference from the mapper, in text only: a number is the shortest decimal that reads back
 * as the same double (Jackson's Schubfach writer, twice as fast here). On Java 17 the mapper's
 * {@code Double.toString} is sometimes longer for magnitudes of 1e16 and more ({@code
 * 9.999999999999999E22} where this writes {@code 1.0E23}); both read back as the same double, and
 * from Java 19 on {@code Double.toString} is the shortest too. Nothing hashes a log line.
 */
public final class PredictionRecordJson {
  private static final JsonFactory JSON =
      new JsonFactoryBuilder()
          .rootValueSeparator((String) null)
          .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
          .build();
  // A batch's lines are built in memory before they reach the log's buffer; beyond this the
  // stream grows as needed rather than reserving room up front.
  private static final int MAX_INITIAL_CAPACITY = 1 << 20;

  // Names and repeated values are encoded once: escaping strings byte by byte was most of the cost.
  private static final SerializedString COMMIT = new SerializedString("commit");
  private static final SerializedString ENTITY = new SerializedString("entity");
  private static final SerializedString EVENT_TIME = new SerializedString("event_time");
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
  // The records of one batch share their lineage strings and times (the same instances): each
  // field keeps the last value it encoded and reuses it while the next record's is the same.
  private final Object[] lastValue = new Object[SLOTS];
  private final SerializedString[] lastEncoded = new SerializedString[SLOTS];

  private PredictionRecordJson(JsonGenerator g) {
    this.g = g;
  }

  /** The records, each one line ending in a newline. */
  public static byte[] lines(List<PredictionRecord> records) throws IOException {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(
            Math.min(MAX_INITIAL_CAPACITY, Math.max(1, records.size()) * 800));
    try (JsonGenerator g = JSON.createGenerator(out)) {
      PredictionRecordJson writer = new PredictionRecordJson(g);
      for (PredictionRecord r : records) {
        writer.write(r);
        g.writeRaw('\n');
      }
    }
    return out.toByteArray();
  }

  // Keys in the canonical (alphabetical) order of their snake_case names.
  private void write(PredictionRecord r) throws IOException {
    g.writeStartObject();
    lineage(COMMIT, r.commit());
    g.writeFieldName(ENTITY);
    g.writeString(r.entity()); // the client's text: written as it is, never cached
    instant(0, EVENT_TIME, r.eventTime());
    lineage(FEATURE_VERSION, r.featureVersion());
    g.writeFieldName(FEATURES);
    features(r.features());
    lineage(MANIFEST_SHA256, r.manifestSha256());
    lineage(MODEL, r.model());
    lineage(MODEL_VERSION, r.modelVersion());
    g.writeFieldName(PROBABILITY);
    g.writeNumber(r.probability());
    g.writeFieldName(PROBABILITY_RAW);
    g.writeNumber(r.probabilityRaw());
    g.writeFieldName(REQUEST_ID);
    g.writeString(r.requestId()); // unique per record: not worth keeping
    g.writeFieldName(RISK_FLAG);
    g.writeBoolean(r.riskFlag());
    instant(1, SCORED_AT, r.scoredAt());
    lineage(SNAPSHOT_ID, r.snapshotId());
    g.writeFieldName(THRESHOLD);
    g.writeNumber(r.threshold());
    lineage(TRAINING_RUN, r.trainingRun());
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
    } else if (value == lastValue[slot]) {
      g.writeString(lastEncoded[slot]);
    } else {
      // ISO-8601, as the canonical mapper writes an Instant.
      g.writeString(encoded(slot, value, IsoInstant.format(value)));
    }
  }

  private SerializedString encoded(int slot, Object value, String text) {
    if (value != lastValue[slot]) {
      lastValue[slot] = value;
      lastEncoded[slot] = new SerializedString(text);
    }
    return lastEncoded[slot];
  }

  private void features(Map<String, Double> features) throws IOException {
    if (features == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    if (features instanceof FeatureValues values) {
      for (int k = 0; k < values.size(); k++) {
        SerializedString encoded = values.sortedEncodedName(k);
        if (encoded != null) {
          g.writeFieldName(encoded);
        } else {
          g.writeFieldName(values.sortedName(k));
        }
        g.writeNumber(values.sortedValue(k));
      }
    } else {
      for (Map.Entry<String, Double> e : new TreeMap<>(features).entrySet()) {
        g.writeFieldName(e.getKey());
        if (e.getValue() == null) {
          g.writeNull();
        } else {
          g.writeNumber(e.getValue());
        }
      }
    }
    g.writeEndObject();
  }
}

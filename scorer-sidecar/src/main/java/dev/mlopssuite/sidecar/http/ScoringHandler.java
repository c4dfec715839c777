package dev.mlopssuite.sidecar.http;

import static dev.mlopssuite.sidecar.http.JsonText.quote;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlopssuite.runtime.features.OutOfOrderRowException;
import dev.mlopssuite.sidecar.alert.AlertSink;
import dev.mlopssuite.sidecar.features.FeatureVersionSwappedException;
import dev.mlopssuite.sidecar.features.NonFiniteFeatureException;
import dev.mlopssuite.sidecar.features.OnlineFeatureStore;
import dev.mlopssuite.sidecar.http.RejectedRequestException.Reason;
import dev.mlopssuite.sidecar.log.PredictionLog;
import dev.mlopssuite.sidecar.log.PredictionRecord;
import dev.mlopssuite.sidecar.metrics.PrometheusMetrics;
import dev.mlopssuite.sidecar.model.ModelSource;
import dev.mlopssuite.sidecar.model.ServedModel;
import dev.mlopssuite.sidecar.scoring.NonFiniteScoreException;
import dev.mlopssuite.sidecar.scoring.Scorer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Routes and answers every sidecar endpoint (docs/scorer-sidecar.md, "Endpoints and metrics"):
 * reads the current {@link ServedModel} once per request, validates the body strictly, scores,
 * appends each row's {@link PredictionRecord} to the prediction log before answering, offers
 * flagged rows to the alert sink, and records the request's endpoint, status and latency.
 */
final class ScoringHandler extends Handler.Abstract {
  private static final Logger LOG = Logger.getLogger(ScoringHandler.class.getName());
  private static final String JSON = "application/json";
  // The tensor names and datatypes are InferenceRequest's: what it reads is what is answered.
  private static final String FP64 = InferenceRequest.FP64;
  private static final String BOOL = "BOOL";
  private static final String PROBABILITY = InferenceRequest.PROBABILITY;
  private static final String RISK_FLAG = InferenceRequest.RISK_FLAG;
  private static final String PLATFORM = "tribuo";
  static final int MAX_ROWS_PER_REQUEST = 10_000;
  static final String HEADER_VERSION = "X-Model-Version";
  static final String HEADER_SHA256 = "X-Manifest-Sha256";
  static final String HEADER_COMMIT = "X-Model-Commit";

  private final ModelSource models;
  private final PredictionLog log;
  private final AlertSink alerts;
  private final PrometheusMetrics metrics;
  private final Runnable refresh;
  private final Supplier<char[]> refreshToken;
  private final OnlineFeatureStore onlineFeatures;
  private final Scorer scorer = new Scorer();
  private final int maxBodyBytes;
  private final ObjectMapper mapper;
  private final JsonFactory json;
  private final JsonFactory inferJson;

  ScoringHandler(ScoringServices services, int maxBodyBytes) {
    this.models = services.models();
    this.log = services.log();
    this.alerts = services.alerts();
    this.metrics = services.metrics();
    this.refresh = services.refresh();
    this.refreshToken = services.refreshToken();
    this.onlineFeatures = services.onlineFeatures();
    this.maxBodyBytes = maxBodyBytes;
    // Strict JSON: a duplicated key or trailing garbage is a malformed request, not a guess.
    // Doubles are read and written by Jackson's fast paths (FastDoubleParser, Schubfach): both
    // exact, as the JDK's are, and they are most of a batch request's work.
    this.json =
        JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
    this.mapper =
        JsonMapper.builder(json).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    // The infer body is read by InferenceRequest, which refuses duplicate keys of the objects it
    // reads itself (values it skips are ignored whatever they hold).
    this.inferJson =
        JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build();
  }

  /** The route of a request: its metrics label and the methods it allows. */
  private enum Route {
    LIVE("/v2/health/live", "GET"),
    READY("/v2/health/ready", "GET"),
    SERVER_METADATA("/v2", "GET"),
    MODEL_METADATA("/v2/models/{m}", "GET"),
    MODEL_READY("/v2/models/{m}/ready", "GET"),
    INFER("/v2/models/{m}/infer", "POST"),
    SCORE("/v1/score", "POST"),
    REFRESH("/admin/refresh", "POST"),
    METRICS("/metrics", "GET"),
    UNKNOWN("other", "");

    final String label;
    final String method;

    Route(String label, String method) {
      this.label = label;
      this.method = method;
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    long start = System.nanoTime();
    String path = Request.getPathInContext(request);
    Route route = Route.UNKNOWN;
    String model = null;
    int status;
    try {
      if (path.startsWith("/v2/models/")) {
        String rest = path.substring("/v2/models/".length());
        int slash = rest.indexOf('/');
        model = slash < 0 ? rest : rest.substring(0, slash);
        String tail = slash < 0 ? "" : rest.substring(slash);
        route =
            switch (tail) {
              case "" -> Route.MODEL_METADATA;
              case "/ready" -> Route.MODEL_READY;
              case "/infer" -> Route.INFER;
              default -> Route.UNKNOWN;
            };
        if (model.isEmpty()) {
          route = Route.UNKNOWN;
        }
      } else {
        route =
            switch (path) {
              case "/v2/health/live" -> Route.LIVE;
              case "/v2/health/ready" -> Route.READY;
              case "/v2", "/v2/" -> Route.SERVER_METADATA;
              case "/v1/score" -> Route.SCORE;
              case "/admin/refresh" -> Route.REFRESH;
              case "/metrics" -> Route.METRICS;
              default -> Route.UNKNOWN;
            };
      }
      if (route == Route.UNKNOWN) {
        throw new RejectedRequestException(
            404,
            Reason.NOT_FOUND,
            "no such endpoint: " + path + "; see docs/scorer-sidecar.md for the endpoints");
      }
      if (!route.method.equals(request.getMethod())) {
        response.getHeaders().put(HttpHeader.ALLOW, route.method);
        throw new RejectedRequestException(
            405,
            Reason.METHOD_NOT_ALLOWED,
            request.getMethod() + " is not allowed on " + path + "; use " + route.method);
      }
      status =
          switch (route) {
            case LIVE -> writeJson(response, callback, 200, "{\"live\":true}");
            case READY -> ready(response, callback);
            case SERVER_METADATA -> serverMetadata(response, callback);
            case MODEL_METADATA -> modelMetadata(response, callback, model);
            case MODEL_READY -> modelReady(response, callback, model);
            case INFER -> infer(request, response, callback, model);
            case SCORE -> score(request, response, callback);
            case REFRESH -> refresh(request, response, callback);
            case METRICS -> scrape(response, callback);
            case UNKNOWN -> throw new IllegalStateException("unreachable");
          };
    } catch (RejectedRequestException e) {
      metrics.refused(route.label, e.reason().label);
      status = writeError(response, callback, e.status(), e.getMessage());
    } catch (RuntimeException | IOException e) {
      LOG.log(Level.WARNING, "request " + request.getMethod() + " " + path + " failed", e);
      status = writeError(response, callback, 500, "internal error: " + e.getClass().getName());
    }
    metrics.request(route.label, status, Duration.ofNanos(System.nanoTime() - start));
    return true;
  }

  // ---------------------------------------------------------------- health and metadata

  private int ready(Response response, Callback callback) throws IOException {
    Map<String, String> reasons = new LinkedHashMap<>();
    for (String m : models.models()) {
      if (models.current(m).isEmpty()) {
        String reason = models.notReadyReason(m);
        reasons.put(m, reason == null ? "no version loaded yet" : reason);
      }
    }
    if (reasons.isEmpty()) {
      return writeJson(response, callback, 200, "{\"ready\":true}");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeBooleanField("ready", false);
      g.writeStringField("error", "not ready: " + String.join("; ", reasons.keySet()));
      g.writeObjectFieldStart("reasons");
      for (Map.Entry<String, String> r : reasons.entrySet()) {
        g.writeStringField(r.getKey(), r.getValue());
      }
      g.writeEndObject();
      g.writeEndObject();
    }
    return write(response, callback, 503, out.toByteArray());
  }

  private int serverMetadata(Response response, Callback callback) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("name", "mlops-scorer-sidecar");
      String version = ScoringHandler.class.getPackage().getImplementationVersion();
      g.writeStringField("version", version == null ? "development" : version);
      g.writeArrayFieldStart("extensions");
      g.writeEndArray();
      g.writeArrayFieldStart("models");
      for (String m : models.models()) {
        g.writeString(m);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return write(response, callback, 200, out.toByteArray());
  }

  private int modelMetadata(Response response, Callback callback, String model)
      throws IOException, RejectedRequestException {
    ServedModel served = currentOrReject(model);
    lineageHeaders(response, served);
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("name", served.model());
      g.writeArrayFieldStart("versions");
      g.writeString(served.version());
      g.writeEndArray();
      g.writeStringField("platform", PLATFORM);
      g.writeArrayFieldStart("inputs");
      for (String feature : served.features().featureNames()) {
        tensorMetadata(g, feature, FP64);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("outputs");
      tensorMetadata(g, PROBABILITY, FP64);
      tensorMetadata(g, RISK_FLAG, BOOL);
      g.writeEndArray();
      g.writeObjectFieldStart("parameters");
      lineage(g, served);
      g.writeArrayFieldStart("raw_columns");
      for (String c : served.features().rawColumns()) {
        g.writeString(c);
      }
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
    }
    return write(response, callback, 200, out.toByteArray());
  }

  /** A tensor of the metadata: name, datatype, shape [-1] (any number of rows). */
  private static void tensorMetadata(JsonGenerator g, String name, String datatype)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("datatype", datatype);
    g.writeArrayFieldStart("shape");
    g.writeNumber(-1);
    g.writeEndArray();
    g.writeEndObject();
  }

  /** Opens an output tensor and its data array: name, datatype, shape [rows], "data": [. */
  private static void outputHeader(
      JsonGenerator g, SerializedString name, SerializedString datatype, int rows)
      throws IOException {
    g.writeStartObject();
    g.writeFieldName(Encoded.NAME);
    g.writeString(name);
    g.writeFieldName(Encoded.DATATYPE);
    g.writeString(datatype);
    g.writeFieldName(Encoded.SHAPE);
    g.writeStartArray();
    g.writeNumber(rows);
    g.writeEndArray();
    g.writeFieldName(Encoded.DATA);
    g.writeStartArray();
  }

  /** The infer answer's names and constant values, encoded once. */
  private static final class Encoded {
    static final SerializedString MODEL_NAME = new SerializedString("model_name");
    static final SerializedString MODEL_VERSION = new SerializedString("model_version");
    static final SerializedString ID = new SerializedString("id");
    static final SerializedString PARAMETERS = new SerializedString("parameters");
    static final SerializedString OUTPUTS = new SerializedString("outputs");
    static final SerializedString NAME = new SerializedString("name");
    static final SerializedString DATATYPE = new SerializedString("datatype");
    static final SerializedString SHAPE = new SerializedString("shape");
    static final SerializedString DATA = new SerializedString("data");
    static final SerializedString PROBABILITY = new SerializedString(ScoringHandler.PROBABILITY);
    static final SerializedString RISK_FLAG = new SerializedString(ScoringHandler.RISK_FLAG);
    static final SerializedString FP64 = new SerializedString(ScoringHandler.FP64);
    static final SerializedString BOOL = new SerializedString(ScoringHandler.BOOL);

    private Encoded() {}
  }

  private int modelReady(Response response, Callback callback, String model)
      throws IOException, RejectedRequestException {
    requireKnown(model);
    Optional<ServedModel> served = models.current(model);
    if (served.isPresent()) {
      lineageHeaders(response, served.get());
      return writeJson(response, callback, 200, "{\"name\":" + quote(model) + ",\"ready\":true}");
    }
    throw new RejectedRequestException(503, Reason.NOT_READY, notReady(model));
  }

  // ---------------------------------------------------------------- OIP v2 infer

  /**
   * One FP64 tensor per feature, named as in the model metadata, shape [n] or [n, 1], data a flat
   * array of n finite numbers; every feature exactly once, nothing else.
   */
  private int infer(Request request, Response response, Callback callback, String model)
      throws IOException, RejectedRequestException {
    requireKnown(model);
    byte[] body = RequestBody.read(request, maxBodyBytes);
    ServedModel served = currentOrReject(model);
    InferenceRequest parsed =
        InferenceRequest.read(inferJson, body, scorer.featureNames(served), scorer.columns(served));
    double[][] rows = parsed.rows();
    int n = rows.length;
    if (n > MAX_ROWS_PER_REQUEST) {
      // A request's rows are serialised and taken into the log's buffer at once (a few hundred
      // bytes each): bounded here so one request cannot hold hundreds of megabytes.
      throw new RejectedRequestException(
          413,
          Reason.TOO_LARGE,
          n
              + " rows are over the limit of "
              + MAX_ROWS_PER_REQUEST
              + " rows per request; send smaller batches");
    }
    String requestId = requestId(parsed.id());
    PredictionRecord[] records;
    try {
      records =
          scorer.score(served, rows, parsed.text(), requestId, parsed.entity(), Instant.now());
    } catch (NonFiniteScoreException e) {
      throw RejectedRequestException.badRequest(Reason.NON_FINITE_SCORE, e.getMessage());
    }
    append(Arrays.asList(records));
    // Offered only once every row is in the log: an alert never precedes its record. The sink
    // decides which alert (its threshold may be an override of the model's).
    for (PredictionRecord r : records) {
      alerts.offer(r);
    }

    EncodedLineage encoded = encoded(served);
    lineageHeaders(response, encoded);
    // Names and the version's strings come pre-encoded: a single-row answer is mostly them.
    AnswerBuffer out = new AnswerBuffer(encoded.parameters().charLength() + 256 + n * 32);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName(Encoded.MODEL_NAME);
      g.writeRawValue(encoded.modelJson());
      g.writeFieldName(Encoded.MODEL_VERSION);
      g.writeRawValue(encoded.versionJson());
      g.writeFieldName(Encoded.ID);
      g.writeString(requestId);
      g.writeFieldName(Encoded.PARAMETERS);
      g.writeRawValue(encoded.parameters());
      g.writeFieldName(Encoded.OUTPUTS);
      g.writeStartArray();
      if (parsed.probability()) {
        outputHeader(g, Encoded.PROBABILITY, Encoded.FP64, n);
        for (PredictionRecord r : records) {
          g.writeNumber(r.probability());
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      if (parsed.riskFlag()) {
        outputHeader(g, Encoded.RISK_FLAG, Encoded.BOOL, n);
        for (PredictionRecord r : records) {
          g.writeBoolean(r.riskFlag());
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return write(response, callback, 200, out.written());
  }

  // ---------------------------------------------------------------- /v1/score

  /**
   * Named raw readings of one entity at one time; derived features from the entity's online state.
   */
  private int score(Request request, Response response, Callback callback)
      throws IOException, RejectedRequestException {
    ScoreRequest read =
        ScoreRequest.read(mapper, RequestBody.read(request, maxBodyBytes), this::scoreModel);
    ServedModel served = currentOrReject(read.model());
    String entity = read.entity();
    Instant eventTime = read.eventTime();
    double[] raw = read.raw(scorer.rawColumns(served));
    double[] features;
    PredictionRecord[] scored = new PredictionRecord[1];
    try {
      // Scored and logged under the entity's lock, before its row is kept: a reading that is
      // refused (400) or cannot be logged (503) leaves the entity's state as before it
      // (docs/scorer-sidecar.md, "Endpoints and metrics", score request).
      features =
          onlineFeatures.update(
              served.model(),
              served.features(),
              entity,
              eventTime.toEpochMilli(),
              raw,
              derived ->
                  scored[0] = scoreAndLog(served, read.id(), entity, eventTime, raw, derived));
    } catch (OutOfOrderRowException e) {
      throw RejectedRequestException.badRequest(
          Reason.OUT_OF_ORDER, "entity " + quote(entity) + ": " + e.getMessage());
    } catch (NonFiniteFeatureException e) {
      throw RejectedRequestException.badRequest(
          Reason.NON_FINITE_FEATURES, "entity " + quote(entity) + ": " + e.getMessage());
    } catch (FeatureVersionSwappedException e) {
      throw new RejectedRequestException(503, Reason.MODEL_SWAPPED, e.getMessage());
    }
    PredictionRecord record = scored[0];
    alerts.offer(record);

    lineageHeaders(response, served);
    AnswerBuffer out = new AnswerBuffer(768);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("request_id", record.requestId());
      g.writeStringField("entity", entity);
      g.writeStringField("ts", eventTime.toString());
      g.writeNumberField("probability", record.probability());
      g.writeNumberField("probability_raw", record.probabilityRaw());
      g.writeBooleanField("risk_flag", record.riskFlag());
      g.writeNumberField("threshold", served.threshold());
      g.writeObjectFieldStart("features");
      List<String> featureNames = served.features().featureNames();
      for (int f = 0; f < features.length; f++) {
        g.writeNumberField(featureNames.get(f), features[f]);
      }
      g.writeEndObject();
      lineage(g, served);
      g.writeEndObject();
    }
    return write(response, callback, 200, out.written());
  }

  /** One reading scored and in the log's buffer, or refused (400) or not logged (503). */
  private PredictionRecord scoreAndLog(
      ServedModel served,
      String id,
      String entity,
      Instant eventTime,
      double[] raw,
      double[] derived)
      throws RejectedRequestException {
    PredictionRecord record;
    try {
      record =
          scorer.scoreReading(
              served, requestId(id), entity, eventTime, raw, derived, Instant.now());
    } catch (NonFiniteScoreException e) {
      throw RejectedRequestException.badRequest(
          Reason.NON_FINITE_SCORE, "entity " + quote(entity) + ": " + e.getMessage());
    }
    append(List.of(record));
    return record;
  }

  /**
   * The id a request's records carry: the client's when it gives one (infer's and /v1/score's
   * alike), so that its logs and the prediction log can be joined; else a fresh UUID.
   */
  private static String requestId(String given) {
    return given == null || given.isEmpty() ? UUID.randomUUID().toString() : given;
  }

  /** The model a /v1/score request names, or the only one served when it names none. */
  private String scoreModel(String named) throws RejectedRequestException {
    if (named != null) {
      requireKnown(named);
      return named;
    }
    List<String> configured = models.models();
    if (configured.size() != 1) {
      throw RejectedRequestException.badRequest(
          "name the model: this sidecar serves " + configured);
    }
    return configured.get(0);
  }

  // ---------------------------------------------------------------- admin and metrics

  private int refresh(Request request, Response response, Callback callback)
      throws IOException, RejectedRequestException {
    String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (!authorized(authorization)) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      throw new RejectedRequestException(
          401,
          Reason.UNAUTHORIZED,
          "refresh needs Authorization: Bearer <the sidecar's refresh token>");
    }
    try {
      refresh.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "refresh failed", e);
      throw new RejectedRequestException(
          503, Reason.REFRESH_FAILED, "refresh failed: " + e.getMessage());
    }
    return writeJson(response, callback, 202, "{\"refresh\":\"requested\"}");
  }

  /** Constant-time in the token's content (MessageDigest.isEqual), so timing reveals nothing. */
  private boolean authorized(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    char[] token = refreshToken.get();
    if (token == null || token.length == 0) {
      return false; // no token configured: the endpoint is closed
    }
    ByteBuffer expected = StandardCharsets.UTF_8.encode(CharBuffer.wrap(token));
    byte[] expectedBytes = new byte[expected.remaining()];
    expected.get(expectedBytes);
    byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    boolean equal = MessageDigest.isEqual(expectedBytes, given);
    Arrays.fill(expectedBytes, (byte) 0);
    return equal;
  }

  private int scrape(Response response, Callback callback) throws IOException {
    metrics.predictionLogLag(log.pending());
    AnswerBuffer out = new AnswerBuffer(8192);
    metrics.writeTo(out);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, PrometheusMetrics.CONTENT_TYPE);
    response.setStatus(200);
    response.write(true, out.written(), callback);
    return 200;
  }

  // ---------------------------------------------------------------- helpers

  private void append(List<PredictionRecord> records) throws RejectedRequestException {
    try {
      log.appendAll(records);
    } catch (IOException | RuntimeException e) {
      metrics.predictionLogFailure();
      LOG.log(Level.WARNING, "prediction log append failed", e);
      throw new RejectedRequestException(
          503,
          Reason.LOG_UNAVAILABLE,
          "the prediction log cannot record this prediction, so it is not served: " + e);
    }
  }

  private void requireKnown(String model) throws RejectedRequestException {
    if (!models.models().contains(model)) {
      throw new RejectedRequestException(
          404,
          Reason.UNKNOWN_MODEL,
          "unknown model " + quote(model) + "; this sidecar serves " + models.models());
    }
  }

  private ServedModel currentOrReject(String model) throws RejectedRequestException {
    requireKnown(model);
    Optional<ServedModel> served = models.current(model);
    if (served.isEmpty()) {
      throw new RejectedRequestException(503, Reason.NOT_READY, notReady(model));
    }
    return served.get();
  }

  private String notReady(String model) {
    String reason = models.notReadyReason(model);
    return "model "
        + quote(model)
        + " is not ready: "
        + (reason == null ? "no version yet" : reason);
  }

  private static void lineage(JsonGenerator g, ServedModel served) throws IOException {
    g.writeStringField("model", served.model());
    g.writeStringField("model_version", served.version());
    g.writeStringField("manifest_sha256", served.manifestSha256());
    g.writeStringField("commit", served.commit());
    g.writeStringField("training_run", served.trainingRun());
    g.writeStringField("snapshot_id", served.snapshotId());
    g.writeStringField("feature_version", served.featureVersion());
    g.writeNumberField("threshold", served.threshold());
    g.writeBooleanField("calibrated", served.calibratedUsed());
  }

  private void lineageHeaders(Response response, ServedModel served) {
    lineageHeaders(response, encoded(served));
  }

  private static void lineageHeaders(Response response, EncodedLineage encoded) {
    response.getHeaders().put(encoded.version());
    response.getHeaders().put(encoded.sha256());
    response.getHeaders().put(encoded.commit());
  }

  /**
   * A served model's lineage, encoded once for all the responses it answers: the headers and the
   * infer response's parameters object are the same for every request to one version.
   */
  private record EncodedLineage(
      ServedModel served,
      HttpField version,
      HttpField sha256,
      HttpField commit,
      SerializedString modelJson,
      SerializedString versionJson,
      SerializedString parameters) {}

  // One entry: the common case is one model, swapped rarely; with several it is re-encoded.
  private volatile EncodedLineage lastEncoded;

  private EncodedLineage encoded(ServedModel served) {
    EncodedLineage encoded = lastEncoded;
    if (encoded != null && encoded.served() == served) {
      return encoded;
    }
    encoded =
        new EncodedLineage(
            served,
            new PreEncodedHttpField(HEADER_VERSION, nonNull(served.version())),
            new PreEncodedHttpField(HEADER_SHA256, nonNull(served.manifestSha256())),
            new PreEncodedHttpField(HEADER_COMMIT, nonNull(served.commit())),
            jsonText(g -> g.writeString(served.model())),
            jsonText(g -> g.writeString(served.version())),
            jsonText(
                g -> {
                  g.writeStartObject();
                  lineage(g, served);
                  g.writeEndObject();
                }));
    lastEncoded = encoded;
    return encoded;
  }

  /** Something that writes one JSON value. */
  private interface JsonWriting {
    void writeTo(JsonGenerator g) throws IOException;
  }

  /** The JSON text the generator writes for one value, kept to be written raw. */
  private SerializedString jsonText(JsonWriting value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = json.createGenerator(out)) {
      value.writeTo(g);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return new SerializedString(out.toString(StandardCharsets.UTF_8));
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private int writeError(Response response, Callback callback, int status, String message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    try (JsonGenerator g = json.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("error", message);
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return write(response, callback, status, out.toByteArray());
  }

  private static int writeJson(Response response, Callback callback, int status, String body) {
    return write(response, callback, status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static int write(Response response, Callback callback, int status, byte[] body) {
    return write(response, callback, status, ByteBuffer.wrap(body));
  }

  private static int write(Response response, Callback callback, int status, ByteBuffer body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
    response.write(true, body, callback);
    return status;
  }
}

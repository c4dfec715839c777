package dev.mlopssuite.sidecar.http;

import static dev.mlopssuite.sidecar.http.JsonText.quote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;

/**
 * A {@code POST /v1/score} body (docs/scorer-sidecar.md, "Endpoints and metrics"): one entity's raw
 * readings, by column name, at one instant, for the named model or the only one served. Anything
 * else is refused with a 400 naming the field.
 *
 * @param id the request id the client gave, or null; when null or empty a fresh UUID is the
 *     record's
 * @param model the model to score with: the one named, or the only one served
 * @param readings the readings object, checked against the served model's columns by {@link #raw}
 */
record ScoreRequest(String id, String model, String entity, Instant eventTime, JsonNode readings) {
  static final int MAX_ENTITY_LENGTH = 256;

  /** Decides the model from the name given (null when none is), or refuses it. */
  interface ModelChoice {
    String model(String named) throws RejectedRequestException;
  }

  /** Reads and checks the body; the model is decided before the other fields are checked. */
  static ScoreRequest read(ObjectMapper mapper, byte[] body, ModelChoice models)
      throws RejectedRequestException {
    JsonNode root = parse(mapper, body);
    requireObject(root, "the request body");
    Iterator<String> names = root.fieldNames();
    while (names.hasNext()) {
      String field = names.next();
      if (!field.equals("id")
          && !field.equals("model")
          && !field.equals("entity")
          && !field.equals("ts")
          && !field.equals("readings")) {
        throw RejectedRequestException.badRequest(
            "unknown field " + quote(field) + "; the fields are id, model, entity, ts, readings");
      }
    }
    String model = models.model(optionalText(root, "model"));
    String id = optionalText(root, "id");
    String entity = requiredText(root, "entity", "the request");
    if (entity.isBlank() || entity.length() > MAX_ENTITY_LENGTH) {
      throw RejectedRequestException.badRequest(
          "entity must be 1.." + MAX_ENTITY_LENGTH + " characters, was " + quote(entity));
    }
    String ts = requiredText(root, "ts", "the request");
    Instant eventTime;
    try {
      eventTime = Instant.parse(ts);
      // The online state keeps milliseconds: a year like +300000000 has none (ArithmeticException).
      eventTime.toEpochMilli();
    } catch (DateTimeParseException e) {
      throw RejectedRequestException.badRequest(
          "ts " + quote(ts) + " is not an ISO-8601 instant; use e.g. 2026-01-01T00:00:00Z");
    } catch (ArithmeticException e) {
      throw RejectedRequestException.badRequest(
          "ts "
              + quote(ts)
              + " is out of range; send the reading's time, e.g. 2026-01-01T00:00:00Z");
    }
    JsonNode readings = root.get("readings");
    if (readings == null || !readings.isObject()) {
      throw RejectedRequestException.badRequest(
          "readings must be an object of raw column → number");
    }
    return new ScoreRequest(id, model, entity, eventTime, readings);
  }

  /** The readings in {@code rawColumns}' order: every column once, finite, nothing else. */
  double[] raw(List<String> rawColumns) throws RejectedRequestException {
    double[] raw = new double[rawColumns.size()];
    for (int c = 0; c < raw.length; c++) {
      JsonNode value = readings.get(rawColumns.get(c));
      if (value == null) {
        throw RejectedRequestException.badRequest(
            "missing reading " + quote(rawColumns.get(c)) + "; send every column of " + rawColumns);
      }
      raw[c] = finite(value, "reading " + rawColumns.get(c));
    }
    if (readings.size() != raw.length) {
      Iterator<String> given = readings.fieldNames();
      while (given.hasNext()) {
        String c = given.next();
        if (!rawColumns.contains(c)) {
          throw RejectedRequestException.badRequest(
              "unknown reading " + quote(c) + "; the model reads " + rawColumns);
        }
      }
    }
    return raw;
  }

  private static JsonNode parse(ObjectMapper mapper, byte[] body) throws RejectedRequestException {
    try {
      JsonNode root = mapper.readTree(body);
      if (root == null || root.isMissingNode()) {
        throw RejectedRequestException.badRequest("the request body is empty; send a JSON object");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw RejectedRequestException.malformedJson(e);
    } catch (IOException e) {
      throw RejectedRequestException.badRequest("unreadable JSON: " + e.getMessage());
    }
  }

  private static void requireObject(JsonNode node, String what) throws RejectedRequestException {
    if (!node.isObject()) {
      throw RejectedRequestException.badRequest(
          what + " must be a JSON object, was " + node.getNodeType());
    }
  }

  private static String optionalText(JsonNode node, String field) throws RejectedRequestException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw RejectedRequestException.badRequest(
          field + " must be a string, was " + value.getNodeType());
    }
    return value.textValue();
  }

  private static String requiredText(JsonNode node, String field, String where)
      throws RejectedRequestException {
    String value = optionalText(node, field);
    if (value == null) {
      throw RejectedRequestException.badRequest(where + " needs the string field " + field);
    }
    return value;
  }

  private static double finite(JsonNode value, String what) throws RejectedRequestException {
    if (value == null || !value.isNumber()) {
      throw RejectedRequestException.badRequest(
          what
              + " must be a number, was "
              + (value == null ? "absent" : value.getNodeType().toString().toLowerCase()));
    }
    double d = value.doubleValue();
    if (!Double.isFinite(d)) {
      throw RejectedRequestException.badRequest(
          what + " is " + value + ", not a finite FP64 number (NaN and ±Inf are refused)");
    }
    return d;
  }
}

package dev.mlopssuite.sidecar.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request the sidecar refuses, with the HTTP status, the reason it is counted under ({@code
 * mlops_sidecar_refusals_total}) and the message of the JSON error body ({@code {"error": "..."}}):
 * what is wrong, the value, how to fix it.
 */
final class RejectedRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  /**
   * Why a request was refused: a short, fixed set, so a label of bounded cardinality
   * (docs/scorer-sidecar.md, "Endpoints and metrics").
   */
  enum Reason {
    INVALID_REQUEST("invalid_request"), // malformed JSON, wrong shape, datatype, NaN, names
    OUT_OF_ORDER("out_of_order"), // an entity's reading not after its previous one
    NON_FINITE_FEATURES("non_finite_features"), // readings whose derived features overflow
    NON_FINITE_SCORE("non_finite_score"), // values beyond what the model can score
    TOO_LARGE("too_large"), // body or rows over the limit
    NOT_FOUND("not_found"), // no such endpoint
    METHOD_NOT_ALLOWED("method_not_allowed"),
    UNKNOWN_MODEL("unknown_model"),
    NOT_READY("not_ready"), // no verified version loaded yet
    MODEL_SWAPPED("model_swapped"), // a promotion landed while the request was in flight
    LOG_UNAVAILABLE("log_unavailable"), // the prediction log cannot take the record
    UNAUTHORIZED("unauthorized"),
    REFRESH_FAILED("refresh_failed");

    final String label;

    Reason(String label) {
      this.label = label;
    }
  }

  private final int status;
  private final Reason reason;

  RejectedRequestException(int status, Reason reason, String message) {
    super(message, null, false, false); // no stack trace: a refused request is not a fault
    this.status = status;
    this.reason = reason;
  }

  int status() {
    return status;
  }

  Reason reason() {
    return reason;
  }

  /** A 400 for a request that is not valid (its shape, types or values). */
  static RejectedRequestException badRequest(String message) {
    return new RejectedRequestException(400, Reason.INVALID_REQUEST, message);
  }

  // Jackson's advice to the server's programmer ("enable `JsonReadFeature.X` to allow"), which a
  // client cannot follow: cut from the message the client reads.
  private static final Pattern PARSER_ADVICE =
      Pattern.compile(
          ": enable `[A-Za-z_.]+` to allow|"
              + " \\(not recognized as one since Feature '[A-Z_]+' not enabled for parser\\)");
  private static final Pattern NON_NUMERIC = Pattern.compile("Non-standard token '([^']*)'.*");

  /**
   * A 400 for a body that is not JSON, with the parser's own account of where and what, minus its
   * advice to enable parser features; NaN and ±Infinity, which JSON has no numbers for, are named
   * as such.
   */
  static RejectedRequestException malformedJson(JsonProcessingException e) {
    String what = Objects.requireNonNullElse(e.getOriginalMessage(), e.getClass().getSimpleName());
    Matcher token = NON_NUMERIC.matcher(what);
    if (token.matches()) {
      return badRequest(
          "malformed JSON: "
              + token.group(1)
              + " is not a JSON number (NaN and ±Infinity are refused); send finite numbers");
    }
    return badRequest("malformed JSON: " + PARSER_ADVICE.matcher(what).replaceAll(""));
  }

  /** A 400 for another reason than an invalid request. */
  static RejectedRequestException badRequest(Reason reason, String message) {
    return new RejectedRequestException(400, reason, message);
  }
}

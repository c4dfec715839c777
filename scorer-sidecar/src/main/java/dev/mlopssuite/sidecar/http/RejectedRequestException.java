package dev.mlopssuite.sidecar.http;

/**
 * A request the sidecar refuses, with the HTTP status and the message of the JSON error body
 * ({@code {"error": "..."}}): what is wrong, the value, how to fix it.
 */
final class RejectedRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  RejectedRequestException(int status, String message) {
    super(message, null, false, false); // no stack trace: a refused request is not a fault
    this.status = status;
  }

  int status() {
    return status;
  }

  static RejectedRequestException badRequest(String message) {
    return new RejectedRequestException(400, message);
  }
}

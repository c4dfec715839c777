package dev.mlopssuite.sidecar.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before a request reaches {@link ScoringHandler} (a malformed request line,
 * an ambiguous URI, a header too large) in the sidecar's own shape, {@code {"error": "..."}}, never
 * an HTML page (docs/scorer-sidecar.md, "Endpoints and metrics").
 */
final class JsonErrorHandler extends ErrorHandler {
  private static final JsonFactory JSON = new JsonFactory();

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
  }

  private static byte[] body(int code, String message) {
    String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    ByteArrayOutputStream out = new ByteArrayOutputStream(96);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("error", "HTTP " + code + ": " + reason);
      g.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }
}

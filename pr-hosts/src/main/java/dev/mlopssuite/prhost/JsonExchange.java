package dev.mlopssuite.prhost;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One JSON POST to a host's API and the reading of its answer, shared by the adapters. Logs
 * nothing: the request carries the token in a header.
 */
final class JsonExchange {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Longest host error text quoted in a message; GitHub and GitLab errors are one line. */
  private static final int MAX_SERVICE_TEXT = 500;

  private final HttpClient client;
  private final HostTimeouts timeouts;
  private final Token token;
  private final String host;

  /** A status and the parsed body ({@code MissingNode} when the body is not JSON). */
  record Answer(int status, JsonNode body, String text) {
    /**
     * The pull request a 201 answer describes, from its web-address and number fields; empty for
     * any other answer, or a 201 without them.
     */
    Optional<PullRequestResult> created(String urlField, String numberField) {
      if (status != 201) {
        return Optional.empty();
      }
      JsonNode url = body.path(urlField);
      JsonNode number = body.path(numberField);
      return url.isTextual() && number.canConvertToLong()
          ? Optional.of(new PullRequestResult(url.asText(), number.asText()))
          : Optional.empty();
    }
  }

  JsonExchange(URI base, Token token, HostTimeouts timeouts) {
    if (token == null || timeouts == null) {
      throw new IllegalArgumentException(
          "token is " + token + " and timeouts " + timeouts + ": pass both");
    }
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeouts.connect())
            // a redirect would carry the token to wherever it points; the APIs answer directly
            .followRedirects(HttpClient.Redirect.NEVER)
            // one request per promotion: HTTP/1.1 avoids an h2c upgrade over plain http (tests,
            // proxies) and HTTP/2 buys nothing here
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    this.timeouts = timeouts;
    this.token = token;
    this.host = hostName(base);
  }

  String host() {
    return host;
  }

  Answer post(URI uri, Map<String, String> headers, ObjectNode body, PullRequestRequest request)
      throws HostUnreachableException {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(uri)
            .timeout(timeouts.request())
            .header("Content-Type", "application/json")
            .header("User-Agent", "mlops-suite-pr-hosts")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
    headers.forEach(builder::header);
    try {
      HttpResponse<byte[]> response =
          client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
      String text = new String(response.body(), StandardCharsets.UTF_8);
      return new Answer(response.statusCode(), parse(text), text);
    } catch (IOException e) {
      throw new HostUnreachableException(host, request, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HostUnreachableException(host, request, e);
    }
  }

  /**
   * The host's own error text, flattened to one line: GitHub's {@code message} and {@code errors}
   * (strings, or objects with a {@code message} or {@code resource}/{@code field}/{@code code}),
   * GitLab's {@code message} (a string, a list, or a map of field to list) or {@code error}.
   */
  String serviceMessage(Answer answer) {
    List<String> parts = new ArrayList<>();
    JsonNode body = answer.body();
    flatten(body.path("message"), "", parts);
    flatten(body.path("error"), "", parts);
    for (JsonNode error : body.path("errors")) {
      if (error.isObject() && !error.hasNonNull("message")) {
        parts.add(
            String.join(
                    " ",
                    error.path("resource").asText(""),
                    error.path("field").asText(""),
                    error.path("code").asText(""))
                .strip());
      } else {
        flatten(error.isObject() ? error.path("message") : error, "", parts);
      }
    }
    String text = String.join("; ", parts.stream().filter(p -> !p.isBlank()).toList());
    if (text.isEmpty()) {
      text = answer.text().strip().replaceAll("\\s+", " ");
    }
    if (text.isEmpty()) {
      text = "no message";
    }
    text = token.redact(text);
    return text.length() > MAX_SERVICE_TEXT ? text.substring(0, MAX_SERVICE_TEXT) + "…" : text;
  }

  private static void flatten(JsonNode node, String prefix, List<String> parts) {
    if (node.isValueNode()) {
      parts.add(prefix + node.asText());
    } else if (node.isArray()) {
      node.forEach(item -> flatten(item, prefix, parts));
    } else if (node.isObject()) {
      node.fields().forEachRemaining(f -> flatten(f.getValue(), f.getKey() + " ", parts));
    }
  }

  /** The base URI without a trailing slash; only http(s), with a host, and no credentials in it. */
  static String apiBase(URI base) {
    if (base == null
        || base.getHost() == null
        || !("https".equalsIgnoreCase(base.getScheme())
            || "http".equalsIgnoreCase(base.getScheme()))) {
      throw new IllegalArgumentException(
          "the base URI is '"
              + base
              + "': give an absolute http(s) URI with a host, e.g. https://api.github.com");
    }
    if (base.getRawUserInfo() != null || base.getRawQuery() != null || base.getFragment() != null) {
      throw new IllegalArgumentException(
          "the base URI for host "
              + base.getHost()
              + " has user info, a query or a fragment: give scheme, host, port and path only;"
              + " the token goes in a Token");
    }
    String text = base.toString();
    return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
  }

  private static String hostName(URI base) {
    return base.getPort() == -1 ? base.getHost() : base.getHost() + ":" + base.getPort();
  }

  private static byte[] bytes(ObjectNode body) {
    try {
      return JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      // a tree of strings always serialises
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode parse(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node == null ? JSON.missingNode() : node;
    } catch (JsonProcessingException e) {
      // an HTML error page from a proxy: serviceMessage falls back to the text
      return JSON.missingNode();
    }
  }
}

package dev.mlopssuite.sidecar.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,000 random and mutated requests: random bytes, truncated and mutated valid JSON, wrong types,
 * huge numbers, deep nesting, wrong methods and paths. None may be answered with a 5xx, and the
 * server must still be ready afterwards.
 */
class FuzzTest {
  private static final int REQUESTS = 10_000;
  private static final int IN_FLIGHT = 16;
  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
  private static final String[] NASTY_VALUES = {
    "\"x\"",
    "true",
    "null",
    "{}",
    "[]",
    "1e999",
    "-1e999",
    "1e-99999",
    // finite, but the model's arithmetic overflows (∞ − ∞): a 400, not a 500
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "9".repeat(2000),
    "123456789012345678901234567890",
    "-0",
    "0x10",
    "NaN",
    "Infinity",
    "\"\\u0000\"",
    "[[[[1]]]]"
  };

  @TempDir Path tmp;

  @Test
  void noRequestGetsA5xxAndTheServerStaysReady() throws Exception {
    try (SidecarFixture sidecar = new SidecarFixture(tmp)) {
      String m = sidecar.served.model();
      List<String> features = sidecar.served.features().featureNames();
      List<String> raw = sidecar.served.features().rawColumns();
      String infer = ScoringServerTest.inferBody(features, ScoringServerTest.rows(features, 3, 9));
      String score =
          ScoringServerTest.scoreBody(
              "fz", "2026-01-01T00:00:00Z", new double[] {2.8, 500, 1.0, 8.0}, raw);
      String[] paths = {
        "/v2/models/" + m + "/infer",
        "/v1/score",
        "/v2/models/" + m,
        "/v2/models/" + m + "/ready",
        "/v2/health/ready",
        "/v2/health/live",
        "/v2",
        "/metrics",
        "/admin/refresh",
        "/v2/models//infer",
        "/v2/models/" + m + "/versions/1/infer",
        "/",
        "/v2/models/%2e%2e/infer",
        "/v1/score/",
      };
      Random random = new Random(20261126);
      Semaphore slots = new Semaphore(IN_FLIGHT);
      Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
      ConcurrentLinkedQueue<String> serverErrors = new ConcurrentLinkedQueue<>();
      long started = System.nanoTime();
      for (int i = 0; i < REQUESTS; i++) {
        int kind = i % 250 == 0 ? 8 : random.nextInt(8);
        String method = "POST";
        String path = random.nextBoolean() ? paths[0] : paths[1];
        byte[] body;
        String base = path.equals(paths[0]) ? infer : score;
        switch (kind) {
          case 0 -> {
            body = new byte[random.nextInt(512)];
            random.nextBytes(body);
          }
          case 1 -> body = utf8(base.substring(0, random.nextInt(base.length())));
          case 2 -> body = utf8(mutate(base, random));
          case 3 -> body = utf8(replaceValue(base, random));
          case 4 -> {
            int depth = 10 + random.nextInt(20_000);
            String open = random.nextBoolean() ? "[" : "{\"a\":";
            String close = open.equals("[") ? "]" : "}";
            body = utf8(open.repeat(depth) + "1" + close.repeat(random.nextInt(depth + 1)));
          }
          case 5 -> {
            method = METHODS[random.nextInt(METHODS.length)];
            path = paths[random.nextInt(paths.length)] + randomSuffix(random);
            body = method.equals("POST") || method.equals("PUT") ? utf8(base) : new byte[0];
          }
          case 6 ->
              // valid requests, /v1/score with random entities and times (some out of order)
              body =
                  utf8(
                      path.equals(paths[0])
                          ? infer
                          : score
                              .replace("\"fz\"", "\"fz-" + random.nextInt(50) + "\"")
                              .replace(
                                  "2026-01-01T00:00:00Z",
                                  Instant.parse("2026-01-01T00:00:00Z")
                                      .plusSeconds(random.nextInt(1_000_000))
                                      .toString()));
          case 8 -> {
            // over the 1 MiB limit: 413, declared or chunked
            body = new byte[ScoringServer.DEFAULT_MAX_BODY_BYTES + 1 + random.nextInt(4096)];
            Arrays.fill(body, (byte) '[');
          }
          default -> body = utf8(mutate(mutate(replaceValue(base, random), random), random));
        }
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.server.port() + path))
                .timeout(Duration.ofSeconds(30));
        request.method(
            method,
            body.length == 0 && !method.equals("POST")
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        String description = method + " " + path + " kind " + kind;
        slots.acquire();
        CompletableFuture<HttpResponse<String>> sent =
            sidecar.client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
        sent.whenComplete(
            (response, failure) -> {
              slots.release();
              int status = failure == null ? response.statusCode() : -1;
              byStatus.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
              if (failure != null || status >= 500) {
                serverErrors.add(
                    description
                        + " → "
                        + (failure == null ? status + " " + response.body() : failure));
              }
            });
      }
      assertTrue(slots.tryAcquire(IN_FLIGHT, 60, TimeUnit.SECONDS), "requests did not finish");
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf(
          "fuzz: %d requests in %.1f s, by status %s%n",
          REQUESTS, seconds, new TreeMap<>(byStatus));
      assertTrue(
          serverErrors.isEmpty(), serverErrors.size() + " failures, e.g. " + serverErrors.peek());
      assertEquals(200, sidecar.get("/v2/health/ready").statusCode());
      assertEquals(
          200,
          sidecar.post("/v2/models/" + m + "/infer", infer).statusCode(),
          "still scores after the fuzz");
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String mutate(String s, Random random) {
    if (s.isEmpty()) {
      return s;
    }
    StringBuilder b = new StringBuilder(s);
    int at = random.nextInt(b.length());
    String alphabet = "{}[]\":,0123456789.eE-+ntfa\\\u00e9\u0000x";
    char c = alphabet.charAt(random.nextInt(alphabet.length()));
    switch (random.nextInt(3)) {
      case 0 -> b.setCharAt(at, c);
      case 1 -> b.insert(at, c);
      default -> b.deleteCharAt(at);
    }
    return b.toString();
  }

  /** Replaces one value (after a colon or in an array) with a value of a wrong type or size. */
  private static String replaceValue(String s, Random random) {
    int colon = s.indexOf(':', random.nextInt(s.length()));
    if (colon < 0) {
      colon = s.indexOf(':');
    }
    int end = colon + 1;
    while (end < s.length() && ",}]".indexOf(s.charAt(end)) < 0 && s.charAt(end) != '[') {
      end++;
    }
    if (end < s.length() && s.charAt(end) == '[') {
      end++; // replace the first element of an array
      colon = end - 1;
      while (end < s.length() && ",]".indexOf(s.charAt(end)) < 0) {
        end++;
      }
    }
    return s.substring(0, colon + 1)
        + NASTY_VALUES[random.nextInt(NASTY_VALUES.length)]
        + s.substring(end);
  }

  private static String randomSuffix(Random random) {
    if (random.nextInt(3) > 0) {
      return "";
    }
    String chars = "abcxyz0123456789-_./~%20";
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(12);
    for (int i = 0; i < n; i++) {
      char c = chars.charAt(random.nextInt(chars.length()));
      b.append(c == '%' ? "%25" : String.valueOf(c));
    }
    return b.toString();
  }
}

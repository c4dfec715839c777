package dev.mlopssuite.sidecar.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlopssuite.runtime.features.EntityFeatureState;
import dev.mlopssuite.runtime.features.FeatureEngine;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /v1/score's online features: parity with the batch engine, and consistency under concurrency. */
class OnlineScoringTest {
  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path tmp;
  SidecarFixture sidecar;
  List<String> raw;
  List<String> names;

  @BeforeEach
  void start() throws Exception {
    sidecar = new SidecarFixture(tmp);
    raw = sidecar.served.features().rawColumns();
    names = sidecar.served.features().featureNames();
  }

  @AfterEach
  void stop() throws Exception {
    sidecar.close();
  }

  static double[] readings(Random random) {
    return new double[] {
      2.6 + 0.3 * random.nextDouble(),
      450 + 150 * random.nextDouble(),
      0.5 + random.nextDouble(),
      5 + 5 * random.nextDouble()
    };
  }

  double[] features(JsonNode response) {
    double[] f = new double[names.size()];
    for (int i = 0; i < f.length; i++) {
      f[i] = response.get("features").get(names.get(i)).doubleValue();
    }
    return f;
  }

  @Test
  void onlineFeaturesEqualTheBatchEngineFedTheSameRows() throws Exception {
    FeatureEngine engine = new FeatureEngine(sidecar.served.features());
    EntityFeatureState state = engine.newState();
    Random random = new Random(7);
    Instant ts = START;
    for (int i = 0; i < 80; i++) {
      ts = ts.plusSeconds(3600 + random.nextInt(4 * 3600)); // irregular cadence: windows slide
      double[] r = readings(random);
      HttpResponse<String> response =
          sidecar.post("/v1/score", ScoringServerTest.scoreBody("pm-42", ts.toString(), r, raw));
      assertEquals(200, response.statusCode(), response.body());
      JsonNode body = ScoringServerTest.JSON.readTree(response.body());
      double[] expected = engine.update(state, ts.toEpochMilli(), r);
      assertArrayEquals(expected, features(body), 0.0, "row " + i + " at " + ts);
      double served = sidecar.served.served(sidecar.served.riskModel().probability(expected));
      assertEquals(served, body.get("probability").doubleValue(), 0.0);
    }
  }

  @Test
  void concurrentRequestsForOneEntityMatchASequentialReplay() throws Exception {
    int threads = 8;
    int perThread = 30;
    Map<Long, double[]> readingsAt = new TreeMap<>();
    Random random = new Random(11);
    for (int i = 0; i < threads * perThread; i++) {
      readingsAt.put(START.plusSeconds(1800L * (i + 1)).toEpochMilli(), readings(random));
    }
    List<Long> times = new ArrayList<>(readingsAt.keySet());
    ConcurrentSkipListMap<Long, double[]> accepted = new ConcurrentSkipListMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  // Interleaved timestamps: threads race, so some rows arrive after a later one.
                  for (int k = 0; k < perThread; k++) {
                    long ms = times.get(k * threads + thread);
                    HttpResponse<String> r =
                        sidecar.post(
                            "/v1/score",
                            ScoringServerTest.scoreBody(
                                "shared",
                                Instant.ofEpochMilli(ms).toString(),
                                readingsAt.get(ms),
                                raw));
                    if (r.statusCode() == 200) {
                      accepted.put(ms, features(ScoringServerTest.JSON.readTree(r.body())));
                    } else {
                      assertEquals(400, r.statusCode(), r.body());
                      assertTrue(r.body().contains("increasing time order"), r.body());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    assertTrue(accepted.size() >= perThread, "accepted " + accepted.size());
    // The server accepted rows only in increasing time: replaying them in time order must give
    // each row the features the server answered with, and the state after them.
    FeatureEngine engine = new FeatureEngine(sidecar.served.features());
    EntityFeatureState state = engine.newState();
    for (Map.Entry<Long, double[]> row : accepted.entrySet()) {
      assertArrayEquals(
          engine.update(state, row.getKey(), readingsAt.get(row.getKey())), row.getValue(), 0.0);
    }
    long last = START.plusSeconds(1800L * (threads * perThread + 1)).toEpochMilli();
    double[] lastReadings = readings(random);
    HttpResponse<String> after =
        sidecar.post(
            "/v1/score",
            ScoringServerTest.scoreBody(
                "shared", Instant.ofEpochMilli(last).toString(), lastReadings, raw));
    assertEquals(200, after.statusCode(), after.body());
    assertArrayEquals(
        engine.update(state, last, lastReadings),
        features(ScoringServerTest.JSON.readTree(after.body())),
        0.0);
    assertEquals(accepted.size() + 1, sidecar.log.records.size());
  }
}

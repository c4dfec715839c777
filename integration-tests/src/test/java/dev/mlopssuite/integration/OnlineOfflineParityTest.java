package dev.mlopssuite.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.data.Sql;
import dev.mlopssuite.batch.testing.TrainingWorkspace;
import dev.mlopssuite.batch.training.Train;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.run.RunFormat;
import dev.mlopssuite.runtime.run.RunVerification;
import dev.mlopssuite.runtime.run.RunVerifier;
import dev.mlopssuite.sidecar.alert.AlertSink;
import dev.mlopssuite.sidecar.features.OnlineFeatureStore;
import dev.mlopssuite.sidecar.http.ScoringServer;
import dev.mlopssuite.sidecar.http.ScoringServices;
import dev.mlopssuite.sidecar.log.PredictionLog;
import dev.mlopssuite.sidecar.log.PredictionRecord;
import dev.mlopssuite.sidecar.metrics.PrometheusMetrics;
import dev.mlopssuite.sidecar.model.ModelSource;
import dev.mlopssuite.sidecar.model.ServedModel;
import java.io.BufferedReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online/offline parity (docs/scorer-sidecar.md, "Online/offline parity"): a trained run served by
 * the sidecar and fed the example's raw telemetry row by row through {@code POST /v1/score}
 * answers, for every validation row of the replayed devices, the same raw and calibrated
 * probabilities the batch job wrote to validation_predictions.parquet, bit for bit. The derived
 * features are therefore the same too: the sidecar computes them from its own online state, batch
 * from the snapshot.
 *
 * <p>This lives in its own module because the sidecar must never have DuckDB or batch code on its
 * class path (SidecarClassPathTest); only a test may hold both.
 */
class OnlineOfflineParityTest {
  private static final String CODE_COMMIT = "0123456789abcdef0123456789abcdef01234567";
  private static final String MODEL_COMMIT = "fedcba9876543210fedcba9876543210fedcba98";

  /**
   * Devices replayed, each with its whole history: enough for several hundred validation rows while
   * keeping the test well under a minute on two cores.
   */
  private static final int REPLAYED_DEVICES = 5;

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void replayedTelemetryScoresLikeTheBatchJobBitForBit() throws Exception {
    TrainingWorkspace workspace =
        new TrainingWorkspace(tmp.resolve("workspace")).prepare(30, 30, "");
    Path run =
        new Train(workspace.config(Map.of()), Progress.NONE)
            .codeCommit(CODE_COMMIT)
            .runsDirectory(workspace.dir().resolve("runs"))
            .call()
            .runDirectory();

    Map<String, Map<Long, double[]>> offline = batchPredictions(run);
    List<String> devices = offline.keySet().stream().sorted().limit(REPLAYED_DEVICES).toList();
    assertEquals(REPLAYED_DEVICES, devices.size(), "validation devices: " + offline.keySet());

    ServedModel served = served(run);
    Map<String, Map<Long, double[]>> online =
        replay(served, workspace.dir().resolve("data/telemetry.csv"), devices);

    long compared = 0;
    long bitIdentical = 0;
    double maxDifference = 0;
    List<String> differing = new ArrayList<>();
    Set<Long> distinctRaw = new HashSet<>();
    Set<Long> distinctCalibrated = new HashSet<>();
    for (String device : devices) {
      for (Map.Entry<Long, double[]> row : offline.get(device).entrySet()) {
        double[] batch = row.getValue();
        double[] sidecar = online.get(device).get(row.getKey());
        String where = device + " at " + Instant.ofEpochMilli(row.getKey());
        assertTrue(sidecar != null, "the replay scored no row for " + where);
        compared++;
        distinctRaw.add(Double.doubleToRawLongBits(batch[0]));
        distinctCalibrated.add(Double.doubleToRawLongBits(batch[1]));
        boolean same = true;
        for (int i = 0; i < 2; i++) {
          maxDifference = Math.max(maxDifference, Math.abs(batch[i] - sidecar[i]));
          same &= Double.doubleToRawLongBits(batch[i]) == Double.doubleToRawLongBits(sidecar[i]);
        }
        if (same) {
          bitIdentical++;
        } else if (differing.size() < 5) {
          differing.add(
              where
                  + ": batch "
                  + Arrays.toString(batch)
                  + ", sidecar "
                  + Arrays.toString(sidecar));
        }
      }
    }
    System.out.printf(
        "online/offline parity: %d validation rows of %d devices compared (raw and %s-calibrated"
            + " probabilities; %d distinct raw, %d distinct calibrated values), %d bit-identical,"
            + " max |difference| %s%n",
        compared,
        devices.size(),
        served.calibrator().method(),
        distinctRaw.size(),
        distinctCalibrated.size(),
        bitIdentical,
        maxDifference);
    assertTrue(compared > 100, "only " + compared + " rows compared");
    // A model that answers one constant would agree with anything: the rows must tell apart.
    assertTrue(
        distinctRaw.size() > compared / 2 && distinctCalibrated.size() > compared / 2,
        distinctRaw.size()
            + " distinct raw and "
            + distinctCalibrated.size()
            + " calibrated values");
    // One FeatureEngine (runtime) derives the features on both sides, the same model and calibrator
    // arithmetic run on the same doubles, and the readings are the same decimal text parsed to the
    // nearest double (DuckDB's CSV reader, Jackson on the sidecar): nothing leaves room for a
    // rounding difference, so the parity is exact rather than within a tolerance.
    assertEquals(compared, bitIdentical, "rows not bit-identical, first ones: " + differing);
  }

  /** entity → ts (epoch ms) → {raw, calibrated}, as batch wrote them. */
  private static Map<String, Map<Long, double[]>> batchPredictions(Path run) throws Exception {
    Map<String, Map<Long, double[]>> rows = new TreeMap<>();
    try (DuckDbSession db = DuckDbSession.open(run.resolveSibling("duckdb-spill"));
        Statement statement = db.connection().createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT entity, epoch_ms(ts), raw_probability, calibrated_probability FROM"
                    + " read_parquet("
                    + Sql.path(run.resolve(RunFormat.VALIDATION_PREDICTIONS))
                    + ")")) {
      while (result.next()) {
        rows.computeIfAbsent(result.getString(1), e -> new TreeMap<>())
            .put(result.getLong(2), new double[] {result.getDouble(3), result.getDouble(4)});
      }
    }
    return rows;
  }

  /**
   * The run loaded as the sidecar's ChampionLoader does: verified, calibrated probability served.
   */
  private static ServedModel served(Path run) throws Exception {
    RunVerification v = new RunVerifier().verify(run, null).requireValid("trained run");
    return ServedModel.of(
        v.manifest().model(), v.manifest().version(), v.manifestSha256(), MODEL_COMMIT, v, true);
  }

  /**
   * Posts every telemetry row of {@code devices}, device by device in time order, to a real
   * sidecar; returns entity → ts (epoch ms) → {probability_raw, probability}.
   */
  private static Map<String, Map<Long, double[]>> replay(
      ServedModel served, Path telemetryCsv, List<String> devices) throws Exception {
    List<String> rawColumns = served.features().rawColumns();
    Map<String, TreeMap<Instant, String>> bodies = new LinkedHashMap<>();
    devices.forEach(d -> bodies.put(d, new TreeMap<>()));
    try (BufferedReader reader = Files.newBufferedReader(telemetryCsv, StandardCharsets.UTF_8)) {
      List<String> header = Arrays.asList(reader.readLine().split(","));
      int entity = header.indexOf("device_id");
      int ts = header.indexOf("ts");
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String[] cells = line.split(",", -1);
        TreeMap<Instant, String> rows = bodies.get(cells[entity]);
        if (rows == null) {
          continue;
        }
        // The readings go over the wire as the CSV's own decimal text, as a client relaying the
        // device's telemetry would send them; only the raw columns the feature set reads.
        StringBuilder body =
            new StringBuilder("{\"entity\":\"")
                .append(cells[entity])
                .append("\",\"ts\":\"")
                .append(cells[ts])
                .append("\",\"readings\":{");
        for (int c = 0; c < rawColumns.size(); c++) {
          body.append(c == 0 ? "\"" : ",\"")
              .append(rawColumns.get(c))
              .append("\":")
              .append(cells[header.indexOf(rawColumns.get(c))]);
        }
        rows.put(Instant.parse(cells[ts]), body.append("}}").toString());
      }
    }

    Map<String, Map<Long, double[]>> scored = new HashMap<>();
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    ScoringServer server =
        new ScoringServer(
            "127.0.0.1",
            0,
            ScoringServer.DEFAULT_MAX_BODY_BYTES,
            new ScoringServices(
                new SingleModel(served),
                new CountingLog(),
                new NoAlerts(),
                new PrometheusMetrics(),
                () -> {},
                () -> new char[0],
                new OnlineFeatureStore(10_000)));
    server.start();
    try {
      URI score = URI.create("http://127.0.0.1:" + server.port() + "/v1/score");
      for (Map.Entry<String, TreeMap<Instant, String>> device : bodies.entrySet()) {
        Map<Long, double[]> answers = new HashMap<>();
        for (Map.Entry<Instant, String> row : device.getValue().entrySet()) {
          HttpResponse<String> response =
              client.send(
                  HttpRequest.newBuilder(score)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(row.getValue()))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertEquals(200, response.statusCode(), response.body());
          JsonNode answer = JSON.readTree(response.body());
          answers.put(
              row.getKey().toEpochMilli(),
              new double[] {
                answer.get("probability_raw").doubleValue(), answer.get("probability").doubleValue()
              });
        }
        scored.put(device.getKey(), answers);
      }
    } finally {
      server.stop();
    }
    return scored;
  }

  private record SingleModel(ServedModel served) implements ModelSource {
    @Override
    public List<String> models() {
      return List.of(served.model());
    }

    @Override
    public Optional<ServedModel> current(String model) {
      return served.model().equals(model) ? Optional.of(served) : Optional.empty();
    }

    @Override
    public String notReadyReason(String model) {
      return null;
    }
  }

  /** Parity needs the answers, not the log: count appends so that every request is acknowledged. */
  private static final class CountingLog implements PredictionLog {
    private final AtomicLong appended = new AtomicLong();

    @Override
    public void append(PredictionRecord record) {
      appended.incrementAndGet();
    }

    @Override
    public long pending() {
      return 0;
    }

    @Override
    public void close() {}
  }

  private static final class NoAlerts implements AlertSink {
    @Override
    public void offer(PredictionRecord flagged) {}

    @Override
    public void close() {}
  }
}

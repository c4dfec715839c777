package dev.mlopssuite.batch.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlopssuite.batch.data.DuckDbSession;
import dev.mlopssuite.batch.data.Sql;
import dev.mlopssuite.batch.testing.TrainingWorkspace;
import dev.mlopssuite.batch.training.Train;
import dev.mlopssuite.batch.training.TrainResult;
import dev.mlopssuite.runtime.Progress;
import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.lineage.Sha256;
import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import dev.mlopssuite.runtime.metrics.ScoredRows;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-row prediction files hold exactly the evaluated rows, and every metric recomputed from
 * them, as another tool would, equals what evaluation.json reports (docs/formats.md).
 */
class PredictionFilesTest {
  @TempDir Path dir;

  @Test
  void metricsRecomputedFromThePredictionsFileEqualTheEvaluation() throws Exception {
    TrainingWorkspace workspace = new TrainingWorkspace(dir).prepare(80, 45, "");
    TrainResult run =
        new Train(workspace.config(Map.of()), Progress.NONE)
            .codeCommit("0123456789abcdef0123456789abcdef01234567")
            .runsDirectory(dir.resolve("runs"))
            .call();
    EvaluationResult result =
        new Evaluate(workspace.config(Map.of("mlops.training.bootstrap", "true")), Progress.NONE)
            .run(run.runDirectory())
            .call();
    JsonNode evaluation =
        CanonicalJson.mapper().readTree(run.runDirectory().resolve("evaluation.json").toFile());
    Path predictions = run.runDirectory().resolve(Evaluate.PREDICTIONS);
    assertEquals(evaluation.get("predictions_sha256").asText(), Sha256.ofFile(predictions));
    String used = evaluation.get("challenger").get("probability").asText();
    assertEquals(used, result.verdict().probability());

    List<String> entities = new ArrayList<>();
    List<Long> millis = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<Double> probabilities = new ArrayList<>();
    try (DuckDbSession db = DuckDbSession.open(dir.resolve("spill"));
        Statement statement = db.connection().createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT entity, epoch_ms(ts) AS ms, label, "
                    + (used.equals("calibrated") ? "calibrated_probability" : "raw_probability")
                    + " FROM read_parquet("
                    + Sql.path(predictions)
                    + ")")) {
      while (rows.next()) {
        entities.add(rows.getString(1));
        millis.add(rows.getLong(2));
        labels.add(rows.getInt(3));
        probabilities.add(rows.getDouble(4));
      }
    }
    assertEquals(run.manifest().split().validationRows(), labels.size(), "exactly the rows");
    BinaryMetrics recomputed =
        BinaryMetrics.of(
            new ScoredRows(
                probabilities.stream().mapToDouble(Double::doubleValue).toArray(),
                labels.stream().mapToInt(Integer::intValue).toArray(),
                entities.toArray(String[]::new),
                millis.stream().mapToLong(Long::longValue).toArray()),
            result.challenger().threshold(),
            result.challenger().eceBins());
    JsonNode reported = evaluation.get("challenger").get("metrics");
    for (Map.Entry<String, Double> metric : recomputed.asMap().entrySet()) {
      JsonNode value = reported.get(metric.getKey());
      assertEquals(metric.getValue(), value.asDouble(), 1e-12, metric.getKey());
    }

    // The training run's own file: the same validation rows, hashed in the manifest.
    try (DuckDbSession db = DuckDbSession.open(dir.resolve("spill2"))) {
      long count =
          db.queryLong(
              "SELECT count(*) FROM read_parquet("
                  + Sql.path(run.runDirectory().resolve("validation_predictions.parquet"))
                  + ")");
      assertEquals(run.manifest().split().validationRows(), count);
    }
  }
}

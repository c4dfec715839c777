package dev.mlopssuite.batch.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.runtime.model.ModelException;
import dev.mlopssuite.runtime.model.RiskModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RiskModelTest {
  static final List<String> FEATURES = List.of("a", "b", "c");
  @TempDir Path dir;

  static double[][] x = new double[600][3];
  static int[] y = new int[600];

  static {
    Random random = new Random(1);
    for (int i = 0; i < x.length; i++) {
      x[i] =
          new double[] {random.nextGaussian(), random.nextGaussian(), random.nextGaussian() * 10};
      y[i] = x[i][0] + 0.5 * x[i][1] + random.nextGaussian() * 0.5 > 1.2 ? 1 : 0;
    }
  }

  private RiskModel train(String trainer, long seed) throws Exception {
    return ModelTraining.train(
        TrainerFactory.create(
            trainer, TrainerFactory.effectiveHyperParameters(trainer, Map.of()), seed),
        FEATURES,
        x,
        y,
        3.0f,
        "test");
  }

  @ParameterizedTest
  @ValueSource(strings = {"logistic_regression", "xgboost", "random_forest", "cart"})
  void trainsSavesAsProtobufAndReloadsWithIdenticalOutputs(String trainer) throws Exception {
    RiskModel model = train(trainer, 42);
    double[] p = model.probabilities(x);
    for (double v : p) {
      assertTrue(v >= 0 && v <= 1, trainer + " gave " + v);
    }
    Path file = dir.resolve(trainer + ".tribuo");
    model.save(file);
    byte[] head = Files.readAllBytes(file);
    // Java serialization streams start with 0xACED; the model file must not be one.
    assertFalse(
        head.length > 2 && (head[0] & 0xff) == 0xAC && (head[1] & 0xff) == 0xED,
        "Java serialization used");
    RiskModel reloaded = RiskModel.load(file, FEATURES);
    assertArrayEquals(p, reloaded.probabilities(x), trainer);
    assertArrayEquals(
        p,
        train(trainer, 42).probabilities(x),
        trainer + " must be deterministic for a fixed seed");
    assertFalse(model.featureImportance().isEmpty(), trainer + " importance");
  }

  @ParameterizedTest
  @ValueSource(strings = {"logistic_regression", "xgboost", "random_forest", "cart"})
  void theCallersFeatureOrderDoesNotChangeAPrediction(String trainer) throws Exception {
    // A caller's own feature order, and one row against a batch, give the same numbers bit for
    // bit; a row of the wrong length is refused naming both lengths.
    RiskModel model = train(trainer, 7);
    Path file = dir.resolve(trainer + ".tribuo");
    model.save(file);
    RiskModel shuffled = RiskModel.load(file, List.of("c", "a", "b"));
    double[][] cab = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      cab[i] = new double[] {x[i][2], x[i][0], x[i][1]};
    }
    double[] expected = model.probabilities(x);
    assertArrayEquals(expected, shuffled.probabilities(cab), trainer + ": caller's order");
    for (int i = 0; i < x.length; i += 37) {
      assertEquals(expected[i], model.probability(x[i]), trainer + " row " + i);
      assertEquals(expected[i], shuffled.probability(cab[i]), trainer + " row " + i + ", c a b");
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> model.probability(new double[2]));
    assertTrue(e.getMessage().contains("2 values for 3 features"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"logistic_regression"})
  void refusesAModelOverOtherFeatures(String trainer) throws Exception {
    Path file = dir.resolve("m.tribuo");
    train(trainer, 1).save(file);
    ModelException e =
        assertThrows(ModelException.class, () -> RiskModel.load(file, List.of("a", "zzz")));
    assertTrue(e.getMessage().contains("'zzz'"), e.getMessage());
  }
}

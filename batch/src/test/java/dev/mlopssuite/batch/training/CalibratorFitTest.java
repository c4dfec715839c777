package dev.mlopssuite.batch.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlopssuite.runtime.lineage.CanonicalJson;
import dev.mlopssuite.runtime.model.Calibrator;
import dev.mlopssuite.runtime.model.IsotonicCalibrator;
import dev.mlopssuite.runtime.model.PlattCalibrator;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Platt scaling and isotonic regression against values computed independently: by scikit-learn
 * 1.2.1 (Debian's python3-sklearn) on the same fixture, with this script:
 *
 * <pre>
 * z = log(raw / (1 - raw)); a, b = sklearn.calibration._sigmoid_calibration(z, y)
 * platt = 1 / (1 + exp(a * logit(test) + b))           # a = -0.67537158…, b = -0.26629888…
 * iso = IsotonicRegression(out_of_bounds="clip").fit(raw, y).predict(test)
 * </pre>
 *
 * and a pool-adjacent-violators case worked by hand.
 */
class CalibratorFitTest {
  static final double[] RAW = {
    0.05, 0.10, 0.10, 0.20, 0.25, 0.30, 0.35, 0.40, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70, 0.75,
    0.80, 0.85, 0.90, 0.95
  };
  static final int[] Y = {0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1};
  static final double[] TEST = {0.01, 0.1, 0.33, 0.5, 0.72, 0.99};

  @Test
  void plattMatchesScikitLearn() {
    PlattCalibrator platt = CalibratorFit.platt(RAW, Y);
    // scikit-learn writes P = 1 / (1 + exp(A f + B)); here a = −A, b = −B
    assertEquals(0.6753715803865402, platt.a(), 1e-6);
    assertEquals(0.2662988868470244, platt.b(), 1e-6);
    double[] expected = {
      0.055351221472700274,
      0.2283513023966284,
      0.4472002906431523,
      0.5661840624373486,
      0.7118039236526721,
      0.9667444410938284
    };
    for (int i = 0; i < TEST.length; i++) {
      assertEquals(expected[i], platt.apply(TEST[i]), 1e-6, "at " + TEST[i]);
    }
  }

  @Test
  void isotonicMatchesScikitLearn() {
    IsotonicCalibrator iso = CalibratorFit.isotonic(RAW, Y);
    double[] expected = {0.0, 0.25, 0.4, 0.5, 0.8, 1.0};
    for (int i = 0; i < TEST.length; i++) {
      assertEquals(expected[i], iso.apply(TEST[i]), 1e-12, "at " + TEST[i]);
    }
    assertArrayEquals(
        new double[] {0.05, 0.1, 0.25, 0.3, 0.45, 0.5, 0.55, 0.6, 0.7, 0.75, 0.95}, iso.x());
    assertArrayEquals(
        new double[] {0.0, 0.25, 0.25, 0.4, 0.4, 0.5, 0.5, 2 / 3.0, 2 / 3.0, 1.0, 1.0},
        iso.y(),
        1e-15);
  }

  @Test
  void poolAdjacentViolatorsByHand() {
    // labels 1, 0, 0, 1 at scores 1..4: the first three violate order and pool to 1/3
    IsotonicCalibrator iso =
        CalibratorFit.isotonic(new double[] {0.1, 0.2, 0.3, 0.4}, new int[] {1, 0, 0, 1});
    assertEquals(1 / 3.0, iso.apply(0.1), 1e-15);
    assertEquals(1 / 3.0, iso.apply(0.3), 1e-15);
    assertEquals(1.0, iso.apply(0.4));
    assertEquals(1 / 3.0 + 0.5 * (2 / 3.0), iso.apply(0.35), 1e-15, "linear between knots");
  }

  @Test
  void isotonicOutputIsMonotoneOnNoisyData() {
    SplittableRandom random = new SplittableRandom(3);
    double[] raw = new double[2000];
    int[] y = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = random.nextDouble();
      y[i] = random.nextDouble() < raw[i] * raw[i] ? 1 : 0;
    }
    IsotonicCalibrator iso = CalibratorFit.isotonic(raw, y);
    double previous = -1;
    for (double p = 0; p <= 1.0; p += 0.0005) {
      double q = iso.apply(p);
      assertTrue(q >= previous, "not monotone at " + p);
      assertTrue(q >= 0 && q <= 1);
      previous = q;
    }
  }

  @Test
  void aCalibratorRoundTripsThroughItsJsonFile() throws Exception {
    for (Calibrator calibrator :
        new Calibrator[] {CalibratorFit.platt(RAW, Y), CalibratorFit.isotonic(RAW, Y)}) {
      String json = CanonicalJson.pretty(calibrator);
      Calibrator read = CanonicalJson.mapper().readValue(json, Calibrator.class);
      assertEquals(calibrator, read);
      for (double p : TEST) {
        assertEquals(
            Double.doubleToRawLongBits(calibrator.apply(p)),
            Double.doubleToRawLongBits(read.apply(p)));
      }
    }
  }

  @Test
  void plattOnLogOddsLeavesACalibratedScoreAlone() {
    // Labels drawn with probability = score: the fitted map should be close to the identity.
    SplittableRandom random = new SplittableRandom(11);
    double[] raw = new double[20000];
    int[] y = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = 0.02 + 0.96 * random.nextDouble();
      y[i] = random.nextDouble() < raw[i] ? 1 : 0;
    }
    PlattCalibrator platt = CalibratorFit.platt(raw, y);
    assertEquals(1.0, platt.a(), 0.05);
    assertEquals(0.0, platt.b(), 0.05);
  }
}

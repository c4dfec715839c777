package dev.mlopssuite.batch.training;

import dev.mlopssuite.runtime.model.IsotonicCalibrator;
import dev.mlopssuite.runtime.model.PlattCalibrator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Fits the calibrators of docs/calibration.md on the calibration slice: Platt scaling by Newton's
 * method with backtracking on Platt's smoothed targets (Lin, Lin and Weng, "A note on Platt's
 * probabilistic outputs for support vector machines", Machine Learning 68, 2007 — the algorithm of
 * libsvm and, up to its optimiser, of scikit-learn's {@code _sigmoid_calibration}), and isotonic
 * regression by pool-adjacent-violators with tied scores averaged first, as scikit-learn does.
 */
public final class CalibratorFit {
  private CalibratorFit() {}

  /** Platt scaling of the log-odds of {@code raw} against labels {@code y}. */
  public static PlattCalibrator platt(double[] raw, int[] y) {
    int n = raw.length;
    double[] f = new double[n];
    for (int i = 0; i < n; i++) {
      f[i] = PlattCalibrator.logit(raw[i]);
    }
    double prior1 = Arrays.stream(y).sum();
    double prior0 = n - prior1;
    // Platt's targets: a little away from 0 and 1, so a separable slice does not diverge.
    double hi = (prior1 + 1) / (prior1 + 2);
    double lo = 1 / (prior0 + 2);
    double[] t = new double[n];
    for (int i = 0; i < n; i++) {
      t[i] = y[i] == 1 ? hi : lo;
    }
    // Lin et al.'s parameterisation: P = 1 / (1 + exp(A f + B)).
    double a = 0;
    double b = Math.log((prior0 + 1) / (prior1 + 1));
    double fval = objective(f, t, a, b);
    final double sigma = 1e-12;
    for (int iteration = 0; iteration < 200; iteration++) {
      double h11 = sigma;
      double h22 = sigma;
      double h21 = 0;
      double g1 = 0;
      double g2 = 0;
      for (int i = 0; i < n; i++) {
        double fApB = f[i] * a + b;
        double p;
        double q;
        if (fApB >= 0) {
          p = Math.exp(-fApB) / (1 + Math.exp(-fApB));
          q = 1 / (1 + Math.exp(-fApB));
        } else {
          p = 1 / (1 + Math.exp(fApB));
          q = Math.exp(fApB) / (1 + Math.exp(fApB));
        }
        double d2 = p * q;
        h11 += f[i] * f[i] * d2;
        h22 += d2;
        h21 += f[i] * d2;
        double d1 = t[i] - p;
        g1 += f[i] * d1;
        g2 += d1;
      }
      if (Math.abs(g1) < 1e-12 * Math.max(1, n) && Math.abs(g2) < 1e-12 * Math.max(1, n)) {
        break;
      }
      double det = h11 * h22 - h21 * h21;
      double dA = -(h22 * g1 - h21 * g2) / det;
      double dB = -(-h21 * g1 + h11 * g2) / det;
      double gd = g1 * dA + g2 * dB;
      double step = 1;
      boolean moved = false;
      while (step >= 1e-14) {
        double newA = a + step * dA;
        double newB = b + step * dB;
        double newF = objective(f, t, newA, newB);
        if (newF < fval + 1e-4 * step * gd) {
          a = newA;
          b = newB;
          fval = newF;
          moved = true;
          break;
        }
        step /= 2;
      }
      if (!moved) {
        break;
      }
    }
    return new PlattCalibrator(-a, -b);
  }

  private static double objective(double[] f, double[] t, double a, double b) {
    double sum = 0;
    for (int i = 0; i < f.length; i++) {
      double fApB = f[i] * a + b;
      sum +=
          fApB >= 0
              ? t[i] * fApB + Math.log1p(Math.exp(-fApB))
              : (t[i] - 1) * fApB + Math.log1p(Math.exp(fApB));
    }
    return sum;
  }

  /** Isotonic (non-decreasing) regression of labels on raw scores. */
  public static IsotonicCalibrator isotonic(double[] raw, int[] y) {
    Integer[] order = IntStream.range(0, raw.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> raw[i]));
    // Tied scores become one point with their mean label and their count as weight.
    List<double[]> points = new ArrayList<>(); // {x, sum of y, weight}
    for (int i : order) {
      double[] last = points.isEmpty() ? null : points.get(points.size() - 1);
      if (last != null && last[0] == raw[i]) {
        last[1] += y[i];
        last[2] += 1;
      } else {
        points.add(new double[] {raw[i], y[i], 1});
      }
    }
    int m = points.size();
    double[] xs = new double[m];
    double[] value = new double[m];
    double[] weight = new double[m];
    for (int k = 0; k < m; k++) {
      xs[k] = points.get(k)[0];
      weight[k] = points.get(k)[2];
      value[k] = points.get(k)[1] / weight[k];
    }
    // Pool adjacent violators: blocks of (mean, weight, first index), merged while decreasing.
    double[] blockMean = new double[m];
    double[] blockWeight = new double[m];
    int[] blockStart = new int[m];
    int blocks = 0;
    for (int k = 0; k < m; k++) {
      blockMean[blocks] = value[k];
      blockWeight[blocks] = weight[k];
      blockStart[blocks] = k;
      blocks++;
      while (blocks > 1 && blockMean[blocks - 2] > blockMean[blocks - 1]) {
        double w = blockWeight[blocks - 2] + blockWeight[blocks - 1];
        blockMean[blocks - 2] =
            (blockMean[blocks - 2] * blockWeight[blocks - 2]
                    + blockMean[blocks - 1] * blockWeight[blocks - 1])
                / w;
        blockWeight[blocks - 2] = w;
        blocks--;
      }
    }
    double[] fitted = new double[m];
    for (int b = 0; b < blocks; b++) {
      int end = b + 1 < blocks ? blockStart[b + 1] : m;
      Arrays.fill(fitted, blockStart[b], end, blockMean[b]);
    }
    // Keep the first and last knot of each constant run: interpolation gives the same values.
    List<Integer> keep = new ArrayList<>();
    for (int k = 0; k < m; k++) {
      boolean sameAsPrevious = k > 0 && fitted[k] == fitted[k - 1];
      boolean sameAsNext = k + 1 < m && fitted[k] == fitted[k + 1];
      if (!(sameAsPrevious && sameAsNext)) {
        keep.add(k);
      }
    }
    double[] knotsX = keep.stream().mapToDouble(k -> xs[k]).toArray();
    double[] knotsY = keep.stream().mapToDouble(k -> fitted[k]).toArray();
    return new IsotonicCalibrator(knotsX, knotsY);
  }
}

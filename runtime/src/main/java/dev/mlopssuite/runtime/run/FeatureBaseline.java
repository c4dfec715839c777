package dev.mlopssuite.runtime.run;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.statistics.descriptive.DoubleStatistics;
import org.apache.commons.statistics.descriptive.Quantile;
import org.apache.commons.statistics.descriptive.Statistic;

/**
 * One feature's entry in {@code baseline_stats.json}: the frozen training distribution the sidecar
 * compares production against (docs/formats.md).
 *
 * <p>Percentiles use Hyndman–Fan method 7 (linear interpolation, numpy's default) so anyone can
 * recompute them; the standard deviation is the sample one (n − 1). {@code decileEdges} are the PSI
 * bins (deciles of the baseline); {@code histogram} has equal-width bins over [min, max].
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FeatureBaseline(
    long count,
    double mean,
    double std,
    double min,
    double max,
    Map<String, Double> percentiles,
    List<Double> decileEdges,
    Histogram histogram) {

  static final int HISTOGRAM_BINS = 20;
  private static final double[] PERCENTILES = {0.05, 0.25, 0.50, 0.75, 0.95};
  private static final Quantile QUANTILE =
      Quantile.withDefaults().with(Quantile.EstimationMethod.HF7);

  /**
   * Equal-width bins: {@code edges} has one more entry than {@code counts}; the last bin is closed.
   */
  public record Histogram(List<Double> edges, List<Long> counts) {}

  public static FeatureBaseline of(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("a baseline needs at least one value");
    }
    DoubleStatistics stats =
        DoubleStatistics.of(
            java.util.EnumSet.of(
                Statistic.MIN, Statistic.MAX, Statistic.MEAN, Statistic.STANDARD_DEVIATION),
            values);
    double min = stats.getAsDouble(Statistic.MIN);
    double max = stats.getAsDouble(Statistic.MAX);
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    Map<String, Double> percentiles = new LinkedHashMap<>();
    double[] p = QUANTILE.evaluate(sorted, PERCENTILES);
    for (int i = 0; i < PERCENTILES.length; i++) {
      percentiles.put("p" + Math.round(PERCENTILES[i] * 100), p[i]);
    }
    List<Double> deciles = new ArrayList<>();
    for (double d : QUANTILE.evaluate(sorted, Quantile.probabilities(9, 0.1, 0.9))) {
      deciles.add(d);
    }
    double std = values.length > 1 ? stats.getAsDouble(Statistic.STANDARD_DEVIATION) : 0.0;
    return new FeatureBaseline(
        values.length,
        stats.getAsDouble(Statistic.MEAN),
        std,
        min,
        max,
        percentiles,
        deciles,
        histogram(values, min, max));
  }

  private static Histogram histogram(double[] values, double min, double max) {
    List<Double> edges = new ArrayList<>();
    long[] counts = new long[HISTOGRAM_BINS];
    double width = (max - min) / HISTOGRAM_BINS;
    for (int i = 0; i <= HISTOGRAM_BINS; i++) {
      edges.add(i == HISTOGRAM_BINS ? max : min + i * width);
    }
    for (double v : values) {
      int bin = width == 0 ? 0 : (int) Math.min(HISTOGRAM_BINS - 1, Math.floor((v - min) / width));
      counts[bin]++;
    }
    return new Histogram(edges, Arrays.stream(counts).boxed().toList());
  }
}

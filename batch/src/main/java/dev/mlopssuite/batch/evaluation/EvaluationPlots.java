package dev.mlopssuite.batch.evaluation;

import dev.mlopssuite.runtime.metrics.BinaryMetrics;
import dev.mlopssuite.runtime.metrics.BinaryMetrics.CalibrationBin;
import dev.mlopssuite.runtime.metrics.BinaryMetrics.CurvePoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ROC, precision–recall and calibration plots as small self-contained SVG files, champion and
 * challenger on the same axes, fit to embed in a pull request. The curves arrive thinned (see
 * {@link BinaryMetrics}), so a million-row evaluation still gives a light file.
 *
 * <p>The precision–recall curve is drawn as the step function that average precision integrates
 * (docs/metrics.md: Σ (Rₙ − Rₙ₋₁) Pₙ), never as straight lines between its points, which would show
 * an area the metric does not count. The operating threshold is marked on the ROC and PR curves,
 * and legends sit below the axes, where they can never hide a curve.
 */
public final class EvaluationPlots {
  private static final int WIDTH = 480;
  private static final int LEFT = 60;
  private static final int TOP = 40;
  private static final int PLOT = 340;

  /** Below the plot: tick labels, then the axis title, then the legend. */
  private static final int LEGEND_TOP = TOP + PLOT + 46;

  private static final int LEGEND_ROW = 16;
  private static final int LEGEND_ROWS = 3;
  private static final int HEIGHT = LEGEND_TOP + LEGEND_ROWS * LEGEND_ROW;
  private static final String CHALLENGER_COLOR = "#d62728";
  private static final String RAW_COLOR = "#7f7f7f";
  private static final String CHAMPION_COLOR = "#1f77b4";
  private static final String REFERENCE_COLOR = "#999999";

  private EvaluationPlots() {}

  public static String roc(BinaryMetrics challenger, BinaryMetrics champion) {
    Figure figure = new Figure("ROC curve", "false-positive rate", "recall (true-positive rate)");
    figure.reference(List.of(new double[] {0, 0}, new double[] {1, 1}), "chance (AUC 0.5)");
    if (champion != null) {
      figure.polyline(points(champion.rocCurve()), CHAMPION_COLOR, "roc-curve champion");
      figure.legendLine(CHAMPION_COLOR, label("champion AUC", champion.rocAuc()));
    }
    figure.polyline(points(challenger.rocCurve()), CHALLENGER_COLOR, "roc-curve challenger");
    figure.legendLine(CHALLENGER_COLOR, label("challenger AUC", challenger.rocAuc()));
    if (champion != null) {
      figure.operatingPoint(falsePositiveRate(champion), champion.recall(), CHAMPION_COLOR);
    }
    figure.operatingPoint(falsePositiveRate(challenger), challenger.recall(), CHALLENGER_COLOR);
    figure.legendOperatingPoint(challenger.threshold());
    return figure.svg();
  }

  public static String precisionRecall(BinaryMetrics challenger, BinaryMetrics champion) {
    Figure figure = new Figure("Precision–recall curve", "recall", "precision");
    double prevalence =
        challenger.rows() == 0 ? 0 : (double) challenger.positives() / challenger.rows();
    figure.reference(
        List.of(new double[] {0, prevalence}, new double[] {1, prevalence}),
        String.format(Locale.ROOT, "prevalence %.3f", prevalence));
    if (champion != null) {
      figure.polyline(steps(champion.prCurveForPlots()), CHAMPION_COLOR, "pr-curve champion");
      figure.legendLine(CHAMPION_COLOR, label("champion AP", champion.prAuc()));
    }
    figure.polyline(steps(challenger.prCurveForPlots()), CHALLENGER_COLOR, "pr-curve challenger");
    figure.legendLine(CHALLENGER_COLOR, label("challenger AP", challenger.prAuc()));
    if (champion != null) {
      figure.operatingPoint(champion.recall(), champion.precision(), CHAMPION_COLOR);
    }
    figure.operatingPoint(challenger.recall(), challenger.precision(), CHALLENGER_COLOR);
    figure.legendOperatingPoint(challenger.threshold());
    return figure.svg();
  }

  public static String calibration(BinaryMetrics challenger, BinaryMetrics champion) {
    Figure figure =
        new Figure(
            "Calibration (reliability)", "mean predicted probability", "observed positive rate");
    figure.reference(List.of(new double[] {0, 0}, new double[] {1, 1}), "perfectly calibrated");
    if (champion != null) {
      figure.polyline(
          calibrationPoints(champion.calibration()), CHAMPION_COLOR, "calibration champion");
      figure.legendLine(CHAMPION_COLOR, label("champion ECE", champion.ece()));
    }
    figure.polyline(
        calibrationPoints(challenger.calibration()), CHALLENGER_COLOR, "calibration challenger");
    figure.legendLine(CHALLENGER_COLOR, label("challenger ECE", challenger.ece()));
    return figure.svg();
  }

  /**
   * The step function of average precision through PR points in order of falling threshold:
   * precision Pₙ holds over recall (Rₙ₋₁, Rₙ], starting from recall 0; so the path runs
   * horizontally to each point and then vertically to the next point's precision.
   */
  static List<double[]> steps(List<CurvePoint> curve) {
    List<double[]> points = points(curve);
    List<double[]> out = new ArrayList<>();
    double previousRecall = 0;
    for (double[] point : points) {
      out.add(new double[] {previousRecall, point[1]});
      out.add(point);
      previousRecall = point[0];
    }
    return out;
  }

  private static double falsePositiveRate(BinaryMetrics metrics) {
    return metrics.negatives() == 0
        ? Double.NaN
        : (double) metrics.falsePositives() / metrics.negatives();
  }

  private static String label(String name, double score) {
    return Double.isNaN(score)
        ? name + " undefined"
        : String.format(Locale.ROOT, "%s %.3f", name, score);
  }

  /** One model's reliability diagram before and after calibration (docs/calibration.md). */
  public static String reliability(BinaryMetrics raw, BinaryMetrics calibrated) {
    Figure figure =
        new Figure("Reliability: raw vs calibrated", "mean predicted probability", "observed rate");
    figure.reference(List.of(new double[] {0, 0}, new double[] {1, 1}), "perfectly calibrated");
    figure.polyline(calibrationPoints(raw.calibration()), RAW_COLOR, "reliability raw");
    figure.legendLine(RAW_COLOR, label("raw ECE", raw.ece()));
    if (calibrated != null) {
      figure.polyline(
          calibrationPoints(calibrated.calibration()), CHALLENGER_COLOR, "reliability calibrated");
      figure.legendLine(CHALLENGER_COLOR, label("calibrated ECE", calibrated.ece()));
    }
    return figure.svg();
  }

  private static List<double[]> points(List<CurvePoint> curve) {
    List<double[]> out = new ArrayList<>();
    for (CurvePoint point : curve) {
      out.add(new double[] {point.x(), point.y()});
    }
    out.removeIf(p -> Double.isNaN(p[0]) || Double.isNaN(p[1]));
    return out;
  }

  private static List<double[]> calibrationPoints(List<CalibrationBin> bins) {
    List<double[]> out = new ArrayList<>();
    for (CalibrationBin bin : bins) {
      if (bin.count() > 0) {
        out.add(new double[] {bin.meanPredicted(), bin.observedRate()});
      }
    }
    return out;
  }

  /** One SVG being drawn: the plot area with its axes, and the legend collected below them. */
  private static final class Figure {
    private final StringBuilder svg = new StringBuilder();
    private final StringBuilder legend = new StringBuilder();
    private int legendEntries;

    Figure(String title, String xLabel, String yLabel) {
      svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
          .append(WIDTH)
          .append("\" height=\"")
          .append(HEIGHT)
          .append("\" viewBox=\"0 0 ")
          .append(WIDTH)
          .append(' ')
          .append(HEIGHT)
          .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
      svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
      svg.append(text(WIDTH / 2.0, 22, title, "middle", 14));
      svg.append("<rect class=\"plot-area\" x=\"")
          .append(LEFT)
          .append("\" y=\"")
          .append(TOP)
          .append("\" width=\"")
          .append(PLOT)
          .append("\" height=\"")
          .append(PLOT)
          .append("\" fill=\"none\" stroke=\"#333\"/>\n");
      for (int i = 0; i <= 5; i++) {
        double v = i / 5.0;
        double x = LEFT + v * PLOT;
        double y = TOP + PLOT - v * PLOT;
        svg.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#333\"/>%n",
                x,
                TOP + PLOT,
                x,
                TOP + PLOT + 5));
        svg.append(text(x, TOP + PLOT + 18, String.format(Locale.ROOT, "%.1f", v), "middle", 11));
        svg.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>%n",
                LEFT - 5,
                y,
                LEFT,
                y));
        svg.append(text(LEFT - 8, y + 4, String.format(Locale.ROOT, "%.1f", v), "end", 11));
      }
      svg.append(text(LEFT + PLOT / 2.0, TOP + PLOT + 34, xLabel, "middle", 12));
      svg.append(
          String.format(
              Locale.ROOT,
              "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\""
                  + " transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
              TOP + PLOT / 2.0,
              TOP + PLOT / 2.0,
              escape(yLabel)));
    }

    /** A dashed grey reference line (chance, prevalence, the diagonal), with its legend entry. */
    void reference(List<double[]> points, String name) {
      line(points, REFERENCE_COLOR, "4,4", "reference");
      legendEntry(REFERENCE_COLOR, "4,4", false, name);
    }

    void polyline(List<double[]> points, String color, String cssClass) {
      line(points, color, null, cssClass);
    }

    void legendLine(String color, String name) {
      legendEntry(color, null, false, name);
    }

    /** A ring at the operating threshold; nothing when the point is undefined. */
    void operatingPoint(double x, double y, String color) {
      if (Double.isNaN(x) || Double.isNaN(y)) {
        return;
      }
      svg.append("<circle class=\"operating-point\"")
          .append(ring(LEFT + clamp(x) * PLOT, TOP + PLOT - clamp(y) * PLOT, color))
          .append('\n');
    }

    void legendOperatingPoint(double threshold) {
      legendEntry(
          "#333333", null, true, String.format(Locale.ROOT, "operating threshold %.3f", threshold));
    }

    /** A legend entry, a line sample or a ring, in a two-column grid below the axes. */
    private void legendEntry(String color, String dash, boolean ring, String name) {
      double x = LEFT + (legendEntries % 2) * (PLOT / 2.0);
      double y = LEGEND_TOP + (legendEntries / 2) * LEGEND_ROW;
      legendEntries++;
      if (ring) {
        legend.append("<circle").append(ring(x + 10, y - 4, color));
      } else {
        legend.append(
            String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                    + " stroke-width=\"%d\"%s/>",
                x,
                y - 4,
                x + 20,
                y - 4,
                color,
                dash == null ? 2 : 1,
                dash == null ? "" : " stroke-dasharray=\"" + dash + "\""));
      }
      legend.append('\n').append(text(x + 26, y, name, "start", 11));
    }

    /** The attributes of a ring marker, closing its element. */
    private static String ring(double cx, double cy, String color) {
      return String.format(
          Locale.ROOT,
          " cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"white\" stroke=\"%s\" stroke-width=\"2.5\"/>",
          cx,
          cy,
          color);
    }

    private void line(List<double[]> points, String color, String dash, String cssClass) {
      if (points.isEmpty()) {
        return;
      }
      svg.append("<polyline class=\"")
          .append(cssClass)
          .append("\" fill=\"none\" stroke=\"")
          .append(color)
          .append("\" stroke-width=\"")
          .append(dash == null ? 2 : 1)
          .append('"');
      if (dash != null) {
        svg.append(" stroke-dasharray=\"").append(dash).append('"');
      }
      svg.append(" points=\"");
      for (double[] p : points) {
        svg.append(
            String.format(
                Locale.ROOT,
                "%.1f,%.1f ",
                LEFT + clamp(p[0]) * PLOT,
                TOP + PLOT - clamp(p[1]) * PLOT));
      }
      svg.append("\"/>\n");
    }

    String svg() {
      return svg + "<g class=\"legend\">\n" + legend + "</g>\n</svg>\n";
    }
  }

  private static double clamp(double v) {
    return Math.max(0, Math.min(1, v));
  }

  private static String text(double x, double y, String content, String anchor, int size) {
    return String.format(
        Locale.ROOT,
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
        x,
        y,
        anchor,
        size,
        escape(content));
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}

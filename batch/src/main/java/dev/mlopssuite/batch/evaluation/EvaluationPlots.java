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
 */
public final class EvaluationPlots {
  private static final int WIDTH = 480;
  private static final int HEIGHT = 420;
  private static final int LEFT = 60;
  private static final int TOP = 40;
  private static final int PLOT = 340;
  private static final String CHALLENGER_COLOR = "#d62728";
  private static final String CHAMPION_COLOR = "#1f77b4";

  private EvaluationPlots() {}

  public static String roc(BinaryMetrics challenger, BinaryMetrics champion) {
    StringBuilder svg = frame("ROC curve", "false-positive rate", "recall (true-positive rate)");
    line(svg, List.of(new double[] {0, 0}, new double[] {1, 1}), "#999999", "4,4");
    series(
        svg,
        champion == null ? null : points(champion.rocCurve()),
        CHAMPION_COLOR,
        "champion AUC",
        champion == null ? 0 : champion.rocAuc(),
        0);
    series(
        svg,
        points(challenger.rocCurve()),
        CHALLENGER_COLOR,
        "challenger AUC",
        challenger.rocAuc(),
        1);
    return svg.append("</svg>\n").toString();
  }

  public static String precisionRecall(BinaryMetrics challenger, BinaryMetrics champion) {
    StringBuilder svg = frame("Precision–recall curve", "recall", "precision");
    double prevalence =
        challenger.rows() == 0 ? 0 : (double) challenger.positives() / challenger.rows();
    line(
        svg, List.of(new double[] {0, prevalence}, new double[] {1, prevalence}), "#999999", "4,4");
    series(
        svg,
        champion == null ? null : points(champion.prCurve()),
        CHAMPION_COLOR,
        "champion AP",
        champion == null ? 0 : champion.prAuc(),
        0);
    series(
        svg,
        points(challenger.prCurve()),
        CHALLENGER_COLOR,
        "challenger AP",
        challenger.prAuc(),
        1);
    return svg.append("</svg>\n").toString();
  }

  public static String calibration(BinaryMetrics challenger, BinaryMetrics champion) {
    StringBuilder svg =
        frame("Calibration (reliability)", "mean predicted probability", "observed positive rate");
    line(svg, List.of(new double[] {0, 0}, new double[] {1, 1}), "#999999", "4,4");
    series(
        svg,
        champion == null ? null : calibrationPoints(champion.calibration()),
        CHAMPION_COLOR,
        "champion ECE",
        champion == null ? 0 : champion.ece(),
        0);
    series(
        svg,
        calibrationPoints(challenger.calibration()),
        CHALLENGER_COLOR,
        "challenger ECE",
        challenger.ece(),
        1);
    return svg.append("</svg>\n").toString();
  }

  /** One model's reliability diagram before and after calibration (docs/calibration.md). */
  public static String reliability(BinaryMetrics raw, BinaryMetrics calibrated) {
    StringBuilder svg =
        frame("Reliability: raw vs calibrated", "mean predicted probability", "observed rate");
    line(svg, List.of(new double[] {0, 0}, new double[] {1, 1}), "#999999", "4,4");
    series(svg, calibrationPoints(raw.calibration()), "#7f7f7f", "raw ECE", raw.ece(), 0);
    if (calibrated != null) {
      series(
          svg,
          calibrationPoints(calibrated.calibration()),
          CHALLENGER_COLOR,
          "calibrated ECE",
          calibrated.ece(),
          1);
    }
    return svg.append("</svg>\n").toString();
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

  private static StringBuilder frame(String title, String xLabel, String yLabel) {
    StringBuilder svg = new StringBuilder();
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
    svg.append("<rect x=\"")
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
    svg.append(text(LEFT + PLOT / 2.0, HEIGHT - 8, xLabel, "middle", 12));
    svg.append(
        String.format(
            Locale.ROOT,
            "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"12\" transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
            TOP + PLOT / 2.0,
            TOP + PLOT / 2.0,
            escape(yLabel)));
    return svg;
  }

  private static void series(
      StringBuilder svg,
      List<double[]> points,
      String color,
      String name,
      double score,
      int legendRow) {
    if (points == null) {
      return;
    }
    line(svg, points, color, null);
    double y = TOP + 14 + legendRow * 16;
    svg.append(
        String.format(
            Locale.ROOT,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>%n",
            LEFT + PLOT - 150,
            y - 4,
            LEFT + PLOT - 130,
            y - 4,
            color));
    svg.append(
        text(
            LEFT + PLOT - 125, y, String.format(Locale.ROOT, "%s %.3f", name, score), "start", 11));
  }

  private static void line(StringBuilder svg, List<double[]> points, String color, String dash) {
    if (points.isEmpty()) {
      return;
    }
    svg.append("<polyline fill=\"none\" stroke=\"")
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
